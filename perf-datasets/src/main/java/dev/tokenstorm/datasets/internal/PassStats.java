package dev.tokenstorm.datasets.internal;

/** Counts of one pass over a file, for the message when no item is left. */
final class PassStats {

  private long read;
  private long skipped;
  private long filtered;

  void read() {
    read++;
  }

  void skipped() {
    skipped++;
  }

  void filtered() {
    filtered++;
  }

  /** Describes why a dataset has no items, such as {@code 0 of 12 records were usable ...}. */
  String describeEmpty(String dataset, Object source, String filter) {
    if (read == 0) {
      return "dataset '" + dataset + "' found no records in " + source
          + "; check that the file has data in the expected format";
    }
    return "dataset '" + dataset + "' has no prompts left: of " + read + " records in " + source
        + ", " + skipped + " lacked the expected fields and " + filtered + " were removed by "
        + filter + "; widen the length settings or use other data";
  }
}
