package dev.tokenstorm.sqlite;

/** What a {@link SqliteResultSink} does when its database file already exists at the run's start. */
public enum ExistingDatabase {
  /**
   * The run is not stored: the sink's {@code onRunStart} throws, the engine reports that as a
   * warning, and the file is left untouched. The default, because a database from an earlier run
   * must never be overwritten or mixed with a new one by accident.
   */
  REJECT,
  /**
   * The run is added to the file as a new run ({@code run} row with a new {@code run_id}), if the
   * file is a Tokenstorm database of the current schema version. Earlier runs stay as they are.
   */
  APPEND
}
