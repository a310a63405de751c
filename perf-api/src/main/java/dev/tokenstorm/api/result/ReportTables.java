package dev.tokenstorm.api.result;

/** Plain-text rendering of reports. */
final class ReportTables {

  private ReportTables() {}

  static String render(RunReport report) {
    // TODO: replaced by the table renderer that is being written.
    return report.toString();
  }

  static String renderSweep(PerfResult result) {
    return result.toString();
  }
}
