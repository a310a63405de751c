package dev.tokenstorm.sqlite.internal;

import dev.tokenstorm.sqlite.IncompatibleDatabaseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The database layout: tables, the schema version and the checks made before a database is read
 * or appended to.
 *
 * <p>Version 2 has five tables. {@code result} keeps evalscope's columns in evalscope's order and
 * adds Tokenstorm's after them. {@code run} describes each run, {@code summary} holds each run's
 * report as JSON, {@code percentile} holds the report's distributions as rows, and
 * {@code tokenstorm_metadata} holds key-value facts about the file.
 *
 * <p>Version 1 had the same tables. Its {@code result} table stored the seconds columns instead
 * of computing them, and its {@code token_event_ns} contained the whole timeline of token events,
 * which {@link TokenTimes#decodeVersion1} reads.
 */
public final class Schema {

  /** The schema version this code writes, stored in {@code PRAGMA user_version}. */
  public static final int VERSION = 2;

  /** The oldest schema version this code reads. */
  public static final int MIN_READABLE_VERSION = 1;

  /** Marks a file as a Tokenstorm database in {@code PRAGMA application_id}: ASCII "TkSt". */
  public static final int APPLICATION_ID = 0x546B5374;

  /**
   * The columns an insert fills, in statement order. {@code run_id} is a constant in the statement,
   * and the others are its parameters. The remaining columns are generated from these, and {@code
   * max_gpu_memory_cost} stays NULL.
   */
  public static final List<String> INSERT_COLUMNS = List.of(
      "request", "inter_token_latencies", "success", "prompt_tokens", "completion_tokens",
      "request_id", "is_stream",
      "run_id", "request_index", "is_warmup", "wall_start_ms", "scheduled_ns", "sent_ns",
      "headers_ns", "first_token_ns", "first_content_ns", "last_token_ns", "end_ns",
      "token_event_ns", "token_events", "reasoning_tokens", "cached_tokens", "token_source",
      "http_status", "error_kind", "error_message", "malformed_events", "output_text",
      "request_truncated", "output_text_truncated");

  /**
   * Text columns bound as UTF-8 bytes: the statement casts them to TEXT, so the text is encoded
   * on the thread that feeds the sink instead of the writer thread.
   */
  public static final Set<String> UTF8_BOUND_COLUMNS =
      Set.of("request", "inter_token_latencies", "output_text");

  // The first 14 columns are evalscope's benchmark_data.db columns, in its order, so scripts that
  // read evalscope databases by name keep working. The columns in seconds are virtual generated
  // columns: SQLite computes them from the *_ns columns when they are read, with the same double
  // arithmetic the record's methods use, so they take no space. response_messages is generated
  // too: a JSON array with the stored output text, so the text is stored only once.
  private static final String CREATE_RESULT = """
      CREATE TABLE result (
        request TEXT,
        start_time REAL GENERATED ALWAYS AS (sent_ns / 1e9) VIRTUAL,
        inter_token_latencies TEXT NOT NULL,
        success INTEGER NOT NULL,
        response_messages TEXT GENERATED ALWAYS AS (
          CASE WHEN output_text IS NULL THEN json_array() ELSE json_array(output_text) END
        ) VIRTUAL,
        completed_time REAL GENERATED ALWAYS AS (end_ns / 1e9) VIRTUAL,
        latency REAL GENERATED ALWAYS AS (
          CASE WHEN success = 1 THEN (end_ns - sent_ns) / 1e9 END
        ) VIRTUAL,
        first_chunk_latency REAL GENERATED ALWAYS AS (
          CASE WHEN success = 1
            THEN (coalesce(first_token_ns, CASE WHEN is_stream = 0 THEN end_ns END) - sent_ns) / 1e9
          END
        ) VIRTUAL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        max_gpu_memory_cost REAL,
        time_per_output_token REAL GENERATED ALWAYS AS (
          CASE WHEN success = 1 AND completion_tokens > 1
            THEN CAST(last_token_ns - first_token_ns AS REAL) / (completion_tokens - 1) / 1e9
          END
        ) VIRTUAL,
        request_id TEXT,
        is_stream INTEGER NOT NULL,
        run_id INTEGER NOT NULL REFERENCES run(run_id),
        request_index INTEGER NOT NULL,
        is_warmup INTEGER NOT NULL,
        wall_start_ms INTEGER NOT NULL,
        scheduled_ns INTEGER,
        sent_ns INTEGER NOT NULL,
        headers_ns INTEGER,
        first_token_ns INTEGER,
        first_content_ns INTEGER,
        last_token_ns INTEGER,
        end_ns INTEGER NOT NULL,
        token_event_ns BLOB NOT NULL,
        token_events INTEGER NOT NULL,
        queue_time REAL GENERATED ALWAYS AS (max(sent_ns - scheduled_ns, 0) / 1e9) VIRTUAL,
        first_content_latency REAL GENERATED ALWAYS AS ((first_content_ns - sent_ns) / 1e9) VIRTUAL,
        reasoning_tokens INTEGER,
        cached_tokens INTEGER,
        token_source TEXT NOT NULL,
        http_status INTEGER,
        error_kind TEXT,
        error_message TEXT,
        malformed_events INTEGER NOT NULL,
        output_text TEXT,
        request_truncated INTEGER NOT NULL,
        output_text_truncated INTEGER NOT NULL
      )""";

  private static final String CREATE_RUN = """
      CREATE TABLE run (
        run_id INTEGER PRIMARY KEY,
        run_uuid TEXT NOT NULL,
        name TEXT NOT NULL,
        run_index INTEGER NOT NULL,
        run_count INTEGER NOT NULL,
        output_dir TEXT,
        parallel INTEGER,
        number INTEGER NOT NULL,
        rate REAL,
        open_loop INTEGER NOT NULL,
        api TEXT NOT NULL,
        api_kind TEXT NOT NULL,
        model TEXT NOT NULL,
        url TEXT NOT NULL,
        dataset TEXT NOT NULL,
        started_at_ms INTEGER NOT NULL,
        ended_at_ms INTEGER,
        status TEXT NOT NULL,
        config TEXT NOT NULL,
        tokenstorm_version TEXT NOT NULL
      )""";

  private static final String CREATE_SUMMARY = """
      CREATE TABLE summary (
        run_id INTEGER PRIMARY KEY REFERENCES run(run_id),
        report TEXT NOT NULL
      )""";

  private static final String CREATE_PERCENTILE = """
      CREATE TABLE percentile (
        run_id INTEGER NOT NULL REFERENCES run(run_id),
        metric TEXT NOT NULL,
        label TEXT NOT NULL,
        unit TEXT NOT NULL,
        rank REAL NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (run_id, metric, rank)
      )""";

  private static final String CREATE_METADATA = """
      CREATE TABLE tokenstorm_metadata (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )""";

  private Schema() {}

  /** Creates every table in an empty database and records the version; call inside a transaction. */
  public static void create(Connection connection, String tokenstormVersion, long nowMillis)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE_METADATA);
      statement.execute(CREATE_RUN);
      statement.execute(CREATE_RESULT);
      statement.execute(CREATE_SUMMARY);
      statement.execute(CREATE_PERCENTILE);
      statement.execute("PRAGMA application_id = " + APPLICATION_ID);
      statement.execute("PRAGMA user_version = " + VERSION);
    }
    try (var insert = connection.prepareStatement(
        "INSERT INTO tokenstorm_metadata (key, value) VALUES (?, ?)")) {
      String[][] rows = {
          {"schema_version", Integer.toString(VERSION)},
          {"created_by", "Tokenstorm " + tokenstormVersion},
          {"created_at_ms", Long.toString(nowMillis)},
          {"time_columns", "*_ns: System.nanoTime() of the measuring JVM; *_time and latency"
              + " columns: seconds; wall_start_ms: epoch milliseconds"}};
      for (String[] row : rows) {
        insert.setString(1, row[0]);
        insert.setString(2, row[1]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Returns the INSERT statement for the {@code result} rows of run {@code runId}. */
  public static String insertResultSql(long runId) {
    StringJoiner values = new StringJoiner(", ");
    for (String column : INSERT_COLUMNS) {
      if (column.equals("run_id")) {
        values.add(Long.toString(runId));
      } else if (UTF8_BOUND_COLUMNS.contains(column)) {
        values.add("CAST(? AS TEXT)");
      } else {
        values.add("?");
      }
    }
    return "INSERT INTO result (" + String.join(", ", INSERT_COLUMNS) + ") VALUES (" + values
        + ")";
  }

  /**
   * Checks that {@code connection} holds a Tokenstorm database this code can read.
   *
   * @return the schema version found
   * @throws SQLException if the file is not a database or cannot be read
   * @throws IncompatibleDatabaseException if the file is a database of another kind or version
   */
  public static int checkReadable(Connection connection, Path path) throws SQLException {
    int applicationId = pragmaInt(connection, "application_id");
    int version = pragmaInt(connection, "user_version");
    if (applicationId != APPLICATION_ID) {
      throw new IncompatibleDatabaseException(path, describeForeign(connection, path));
    }
    if (version > VERSION) {
      throw new IncompatibleDatabaseException(path, path + " has schema version " + version
          + ", written by a newer Tokenstorm; this version reads versions "
          + MIN_READABLE_VERSION + " to " + VERSION + ". Read it with a newer Tokenstorm.");
    }
    if (version < MIN_READABLE_VERSION) {
      throw new IncompatibleDatabaseException(path, path + " has schema version " + version
          + ", which this version of Tokenstorm no longer reads (it reads versions "
          + MIN_READABLE_VERSION + " to " + VERSION + ").");
    }
    return version;
  }

  /**
   * Checks that a new run can be appended to the database in {@code connection}: only databases of
   * exactly the current version are extended, so one file never mixes layouts.
   */
  public static void checkAppendable(Connection connection, Path path) throws SQLException {
    int version = checkReadable(connection, path);
    if (version != VERSION) {
      throw new IncompatibleDatabaseException(path, path + " has schema version " + version
          + " but this version of Tokenstorm appends only to version " + VERSION
          + " databases. Write the run to a new file.");
    }
  }

  private static String describeForeign(Connection connection, Path path) throws SQLException {
    boolean hasResult = false;
    boolean hasAnyTable = false;
    try (Statement statement = connection.createStatement();
        ResultSet tables = statement.executeQuery(
            "SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      while (tables.next()) {
        hasAnyTable = true;
        hasResult |= "result".equals(tables.getString(1));
      }
    }
    if (hasResult) {
      return path + " looks like an evalscope benchmark_data.db (it has a result table but no"
          + " Tokenstorm run table); Tokenstorm reads and appends to only its own databases.";
    }
    return hasAnyTable
        ? path + " is a SQLite database but not one written by Tokenstorm."
        : path + " is an empty SQLite database, not one written by Tokenstorm.";
  }

  private static int pragmaInt(Connection connection, String pragma) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }
}
