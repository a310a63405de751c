package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kontext_bench}: image-editing instructions with their source images, from
 * {@code black-forest-labs/kontext-bench} (split {@code test}). Each request is one user message:
 * the instruction (or "Describe the image" when a record has none) and the image as a JPEG data
 * URL. Takes no {@code datasetArgs}.
 *
 * <p>Without {@code datasetPath} the Parquet files of the {@code test} split are downloaded from
 * the hub and read in path order. With it, any layout {@link ImageRecords} accepts is read: a
 * {@code .parquet} file or a folder of them, a JSON Lines export with fields {@code image} and
 * {@code instruction}, tar shards, or a folder of images with {@code .txt} instructions.
 *
 * <p>NOTE: the file layout of the ModelScope copy was not checked against the live hub. The
 * download takes every listed {@code .parquet} file whose name starts with {@code test-} or
 * {@code test_}, is {@code test.parquet}, or lies in a folder named {@code test}: this covers the
 * {@code data/test-00000-of-00001.parquet} layout that Hugging Face's {@code push_to_hub} writes
 * and the {@code test/0000.parquet} layout of converted datasets.
 */
public final class KontextBenchDataset implements Dataset {

  static final String NAME = "kontext_bench";
  static final String DEFAULT_TEXT = "Describe the image";
  private static final HubSource SOURCE = new HubSource(NAME, "black-forest-labs/kontext-bench",
      "test-split .parquet");

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
    List<Path> sources = path != null ? ImageRecords.localSources(path, NAME)
        : SOURCE.hubFiles(context, KontextBenchDataset::isTestSplitParquet).stream()
            .sorted(Comparator.comparing(Path::toString)).toList();
    ImageRecords records = new ImageRecords(NAME, List.of("instruction", "txt", "text", "prompt"),
        DEFAULT_TEXT, context);
    return records.open(sources, path != null ? path : SOURCE.repoId());
  }

  /** Returns whether hub file {@code filePath} is a Parquet file of the {@code test} split. */
  static boolean isTestSplitParquet(String filePath) {
    String path = filePath.toLowerCase(Locale.ROOT);
    if (!path.endsWith(".parquet")) {
      return false;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.startsWith("test-") || name.startsWith("test_") || name.equals("test.parquet")
        || path.startsWith("test/") || path.contains("/test/");
  }
}
