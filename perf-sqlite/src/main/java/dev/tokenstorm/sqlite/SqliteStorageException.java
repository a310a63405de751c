package dev.tokenstorm.sqlite;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a Tokenstorm SQLite database cannot be created, written, opened or read. The message
 * names the file and the reason.
 */
public class SqliteStorageException extends RuntimeException {

  private final Path path;

  /** Creates an exception about the database at {@code path}. */
  public SqliteStorageException(Path path, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** Returns the database file the failure is about. */
  public Path path() {
    return path;
  }
}
