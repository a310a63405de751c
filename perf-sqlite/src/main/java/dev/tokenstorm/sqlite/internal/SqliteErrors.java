package dev.tokenstorm.sqlite.internal;

import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite error codes into reasons a user can act on. */
public final class SqliteErrors {

  private SqliteErrors() {}

  /**
   * Returns a sentence about why {@code error} happened and what to do.
   *
   * @param busyTimeout how long SQLite waited for a lock, named in the message for lock errors
   */
  public static String describe(SQLException error, Duration busyTimeout) {
    String detail = error.getMessage() == null ? error.toString() : error.getMessage();
    SQLiteErrorCode code = primaryCode(error);
    if (code == null) {
      return detail;
    }
    return switch (code) {
      case SQLITE_BUSY, SQLITE_LOCKED -> "the database is locked by another connection or process"
          + " (waited " + busyTimeout.toMillis() + " ms); close the other program or write to a"
          + " new file (" + detail + ")";
      case SQLITE_FULL -> "the disk or the database is full; free space or write to another"
          + " folder (" + detail + ")";
      case SQLITE_NOTADB, SQLITE_CORRUPT -> "the file is not a SQLite database or is corrupt ("
          + detail + ")";
      case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH -> "the file or its folder"
          + " is not writable; check permissions (" + detail + ")";
      case SQLITE_IOERR -> "a disk read or write failed; check the disk and free space ("
          + detail + ")";
      default -> detail;
    };
  }

  /** Returns whether {@code error} means the file is not a database or is damaged. */
  public static boolean isCorrupt(SQLException error) {
    SQLiteErrorCode code = primaryCode(error);
    return code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT;
  }

  private static SQLiteErrorCode primaryCode(SQLException error) {
    if (!(error instanceof SQLiteException sqlite)) {
      return null;
    }
    // Extended result codes keep the primary code in their low byte.
    return SQLiteErrorCode.getErrorCode(sqlite.getResultCode().code & 0xFF);
  }
}
