package dev.tokenstorm.datasets.internal.parquet;

import java.io.IOException;

/**
 * A Parquet file that is corrupt or uses a feature this reader does not support. The message
 * names the file and, where one is involved, the column and the feature.
 */
public final class ParquetException extends IOException {

  private static final long serialVersionUID = 1L;

  ParquetException(String message) {
    super(message);
  }

  ParquetException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns the exception for corrupt data.
   *
   * @param where the column and file, or the file
   * @param problem what is wrong with the data
   */
  static ParquetException corrupt(String where, String problem) {
    return new ParquetException(corruptMessage(where, problem));
  }

  /** Like {@link #corrupt(String, String)}, with the exception that revealed the problem. */
  static ParquetException corrupt(String where, String problem, Throwable cause) {
    return new ParquetException(corruptMessage(where, problem), cause);
  }

  private static String corruptMessage(String where, String problem) {
    return where + " is corrupt: " + problem + "; download or write the file again";
  }
}
