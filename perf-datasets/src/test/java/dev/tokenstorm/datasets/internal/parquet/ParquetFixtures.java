package dev.tokenstorm.datasets.internal.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the Parquet fixtures in {@code src/test/resources/parquet}, written by pyarrow through
 * {@code generate_fixtures.py} in that folder.
 */
public final class ParquetFixtures {

  /** Five kontext-bench rows (SNAPPY, data pages v1, dictionary encoding, two row groups). */
  public static final String KONTEXT_SNAPPY = "kontext-snappy-v1-dict.parquet";

  /** The same rows with ZSTD compression and data pages v2. */
  public static final String KONTEXT_ZSTD = "kontext-zstd-v2-dict.parquet";

  /** The instructions of the five kontext rows; row 2 has none. */
  public static final String[] KONTEXT_INSTRUCTIONS = {"Make the sky purple",
      "Add a hat to the cat", null, "Make the sky purple", "Replace the text with 'OPEN'"};

  private ParquetFixtures() {}

  /** Returns the path of fixture {@code name}. */
  public static Path path(String name) {
    try {
      return Path.of(ParquetFixtures.class.getResource("/parquet/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the bytes of fixture {@code name}. */
  public static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the JPEG image stored in kontext rows 1 and 3 (40 x 24 pixels). */
  public static byte[] jpeg() {
    return bytes("photo-40x24.jpg");
  }
}
