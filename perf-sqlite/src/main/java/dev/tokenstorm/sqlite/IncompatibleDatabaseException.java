package dev.tokenstorm.sqlite;

import java.nio.file.Path;

/**
 * Thrown when a file is a SQLite database that Tokenstorm cannot read or extend: a database of
 * another program (such as evalscope's), or one whose schema version is newer or older than this
 * version of Tokenstorm handles.
 */
public final class IncompatibleDatabaseException extends SqliteStorageException {

  /** Creates an exception about the database at {@code path}. */
  public IncompatibleDatabaseException(Path path, String message) {
    super(path, message, null);
  }
}
