package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code kontext_bench}: image-editing instructions with their source images, as in
 * {@code black-forest-labs/kontext-bench}. Each request is one user message: the instruction (or
 * "Describe the image" when a record has none) and the image as a JPEG data URL.
 *
 * <p>NOTE: the hub publishes this dataset as Parquet, which this module does not read (that would
 * need a Parquet library and its Hadoop dependencies). Export the records to JSON Lines with
 * fields {@code image} and {@code instruction}, or to a folder of images with {@code .txt}
 * instructions, and pass it as {@code datasetPath}; see {@link ImageRecords} for the layouts.
 * Takes no {@code datasetArgs}.
 */
public final class KontextBenchDataset implements Dataset {

  static final String NAME = "kontext_bench";
  static final String DEFAULT_TEXT = "Describe the image";

  /** Creates the dataset; it keeps no state between opens. */
  public KontextBenchDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs.of(NAME, context.options(), Set.of());
    Path path = context.datasetPath();
    if (path == null) {
      throw new IllegalArgumentException("dataset '" + NAME + "' needs datasetPath(...): the hub"
          + " copy (black-forest-labs/kontext-bench) is Parquet, which Tokenstorm does not read;"
          + " export it to a .jsonl file with fields image and instruction, or to a folder of"
          + " images with .txt instructions");
    }
    ImageRecords records = new ImageRecords(NAME, List.of("instruction", "txt", "text", "prompt"),
        DEFAULT_TEXT, context);
    return records.open(ImageRecords.localSources(path, NAME), path);
  }
}
