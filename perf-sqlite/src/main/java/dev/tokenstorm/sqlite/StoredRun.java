package dev.tokenstorm.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import dev.tokenstorm.sqlite.internal.ReportCodec;
import dev.tokenstorm.sqlite.internal.ResultRows;
import dev.tokenstorm.sqlite.internal.RunRows;
import dev.tokenstorm.sqlite.internal.Schema;
import dev.tokenstorm.sqlite.internal.SqliteErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * A run read back from a database written by {@link SqliteResultSink}: its description and masked
 * configuration, the report it ended with, and its request records, rebuilt exactly from the
 * stored monotonic nanoseconds.
 *
 * <p>Opens the file read-only, so it can read a database another process is still writing; rows
 * of a transaction that has not committed yet are not visible. Not thread-safe: use one stream of
 * {@link #records()} at a time, and close each stream and the {@code StoredRun}.
 *
 * {@snippet :
 * try (StoredRun run = StoredRun.open(runFolder.resolve("benchmark_data.db"));
 *     Stream<RequestRecord> records = run.records()) {
 *   long failed = records.filter(record -> !record.success()).count();
 *   System.out.println(run.info().name() + ": " + failed + " failed requests");
 * }
 * }
 */
public final class StoredRun implements AutoCloseable {

  /** How a stored run ended. */
  public enum Status {
    /** No end is recorded: the run is still being written, or the writing process died. */
    RUNNING,
    /** The run ended normally and its summary is stored. */
    COMPLETED,
    /** The run was cancelled; the summary of the requests that completed is stored. */
    CANCELLED,
    /** The sink was closed or the JVM shut down before the run ended; no summary is stored. */
    INTERRUPTED,
    /** A write failed; rows committed before the failure are stored. */
    FAILED
  }

  /**
   * One run in a database file.
   *
   * @param runId the run's {@code run_id}
   * @param name the run's name, such as {@code parallel_4_number_100}
   * @param status how the run ended
   * @param startedAtMillis epoch milliseconds when the run started
   */
  public record Entry(long runId, String name, Status status, long startedAtMillis) {}

  private static final Duration READ_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private final Path path;
  private final Connection connection;
  private final long runId;
  private final RunInfo info;
  private final Status status;
  private final @Nullable Long endedAtMillis;
  private final String tokenstormVersion;
  private final int schemaVersion;
  private final @Nullable RunReport report;

  private StoredRun(Path path, Connection connection, long runId, int schemaVersion)
      throws SQLException, JsonProcessingException {
    this.path = path;
    this.connection = connection;
    this.runId = runId;
    this.schemaVersion = schemaVersion;
    ReportCodec codec = new ReportCodec();
    try (PreparedStatement select = connection.prepareStatement("SELECT "
        + RunRows.SELECT_COLUMNS + ", status, ended_at_ms, tokenstorm_version FROM run"
        + " WHERE run_id = ?")) {
      select.setLong(1, runId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SqliteStorageException(path, path + " has no run with run_id " + runId
              + "; it holds " + describe(list(connection)), null);
        }
        this.info = new RunRows(codec).readInfo(row);
        this.status = Status.valueOf(row.getString(16).toUpperCase(java.util.Locale.ROOT));
        long ended = row.getLong(17);
        this.endedAtMillis = row.wasNull() ? null : ended;
        this.tokenstormVersion = row.getString(18);
      }
    }
    this.report = readReport(codec);
  }

  /**
   * Opens the only run stored in {@code path}.
   *
   * @throws SqliteStorageException if the file is missing, is not a SQLite database, is corrupt,
   *     holds no run or several runs (then use {@link #open(Path, long)})
   * @throws IncompatibleDatabaseException if the file was not written by Tokenstorm or has a
   *     schema version this version does not read
   */
  public static StoredRun open(Path path) {
    Connection connection = connect(path);
    try {
      int version = Schema.checkReadable(connection, path);
      List<Entry> runs = list(connection);
      if (runs.size() != 1) {
        throw new SqliteStorageException(path, path + " contains " + describe(runs)
            + "; open one of them with StoredRun.open(path, runId)", null);
      }
      return new StoredRun(path, connection, runs.get(0).runId(), version);
    } catch (SQLException | JsonProcessingException | RuntimeException e) {
      throw closeAndWrap(connection, path, e);
    }
  }

  /**
   * Opens the run with {@code runId} stored in {@code path}.
   *
   * @throws SqliteStorageException if the file is missing, unreadable or holds no such run
   * @throws IncompatibleDatabaseException if the file was not written by Tokenstorm or has a
   *     schema version this version does not read
   */
  public static StoredRun open(Path path, long runId) {
    Connection connection = connect(path);
    try {
      int version = Schema.checkReadable(connection, path);
      return new StoredRun(path, connection, runId, version);
    } catch (SQLException | JsonProcessingException | RuntimeException e) {
      throw closeAndWrap(connection, path, e);
    }
  }

  /**
   * Lists the runs stored in {@code path}, oldest first.
   *
   * @throws SqliteStorageException if the file is missing or unreadable
   * @throws IncompatibleDatabaseException if the file was not written by a compatible Tokenstorm
   */
  public static List<Entry> list(Path path) {
    Connection connection = connect(path);
    try (connection) {
      Schema.checkReadable(connection, path);
      return list(connection);
    } catch (SQLException | RuntimeException e) {
      throw wrap(path, e);
    }
  }

  /** Returns the database file. */
  public Path path() {
    return path;
  }

  /** Returns the run's {@code run_id} in the file. */
  public long runId() {
    return runId;
  }

  /** Returns the run as it was described at its start. */
  public RunInfo info() {
    return info;
  }

  /** Returns the run's configuration with secrets masked, as stored (JSON types). */
  public Map<String, @Nullable Object> config() {
    return info.config();
  }

  /** Returns how the run ended. */
  public Status status() {
    return status;
  }

  /** Returns when the run's end was recorded, if it was. */
  public Optional<Instant> endedAt() {
    return endedAtMillis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(endedAtMillis));
  }

  /** Returns the version of Tokenstorm that wrote the run, such as {@code 0.1.0}. */
  public String tokenstormVersion() {
    return tokenstormVersion;
  }

  /** Returns the file's schema version. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * Returns the report the run ended with; empty when the run never ended (status {@code
   * RUNNING}, {@code INTERRUPTED} or {@code FAILED}).
   */
  public Optional<RunReport> report() {
    return Optional.ofNullable(report);
  }

  /** Returns the summary of {@link #report()}, if the run ended. */
  public Optional<RunSummary> summary() {
    return report().map(RunReport::summary);
  }

  /**
   * Computes the report again from the stored records, the way the engine computed it during the
   * run: the distributions, summary and counts equal those of {@link #report()}. Works also for
   * runs that never ended. The warnings contain only those derived from the records; warnings the
   * engine added during the run (such as a failing sink) are in {@link #report()} only.
   *
   * @throws SqliteStorageException if the file cannot be read
   */
  public RunReport recomputeReport() {
    MetricsAccumulator accumulator = new MetricsAccumulator(info.apiKind());
    try (Stream<RequestRecord> records = records()) {
      records.forEach(accumulator::add);
    }
    return accumulator.report(info, status == Status.CANCELLED, List.of());
  }

  /**
   * Returns the number of stored records.
   *
   * @throws SqliteStorageException if the file cannot be read
   */
  public long recordCount() {
    try (PreparedStatement count = connection.prepareStatement(
        "SELECT count(*) FROM result WHERE run_id = ?")) {
      count.setLong(1, runId);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw wrap(path, e);
    }
  }

  /**
   * Returns the stored records in the order they were written (completion order), read lazily.
   * Close the stream when done. Texts longer than the sink's {@code maxStoredTextChars} come back
   * truncated; everything else equals the record the sink received.
   *
   * @throws SqliteStorageException if the file cannot be read, also while iterating
   */
  public Stream<RequestRecord> records() {
    PreparedStatement select = null;
    try {
      select = connection.prepareStatement("SELECT " + ResultRows.SELECT_COLUMNS
          + " FROM result WHERE run_id = ? ORDER BY rowid");
      select.setLong(1, runId);
      ResultSet rows = select.executeQuery();
      PreparedStatement statement = select;
      return StreamSupport.stream(new RecordSpliterator(rows), false)
          .onClose(() -> closeStatement(statement));
    } catch (SQLException e) {
      closeStatement(select);
      throw wrap(path, e);
    }
  }

  /** Closes the file. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw wrap(path, e);
    }
  }

  @Override
  public String toString() {
    return "StoredRun[" + path + ", runId=" + runId + ", name=" + info.name() + ", status="
        + status + "]";
  }

  private @Nullable RunReport readReport(ReportCodec codec)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT report FROM summary WHERE run_id = ?")) {
      select.setLong(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? codec.decodeReport(row.getString(1), info) : null;
      }
    }
  }

  private static Connection connect(Path path) {
    if (Files.isDirectory(path)) {
      Path inside = path.resolve("benchmark_data.db");
      throw new SqliteStorageException(path, path + " is a folder, not a database file"
          + (Files.isRegularFile(inside) ? "; pass " + inside + " instead"
              : "; pass the path of a run's benchmark_data.db"), null);
    }
    if (!Files.isRegularFile(path)) {
      throw new SqliteStorageException(path, "no database file at " + path
          + "; check the path of the run's benchmark_data.db", null);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout((int) READ_BUSY_TIMEOUT.toMillis());
    try {
      return config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
    } catch (SQLException e) {
      throw wrap(path, e);
    }
  }

  private static List<Entry> list(Connection connection) throws SQLException {
    List<Entry> runs = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT run_id, name, status, started_at_ms FROM run ORDER BY run_id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        runs.add(new Entry(rows.getLong(1), rows.getString(2),
            Status.valueOf(rows.getString(3).toUpperCase(java.util.Locale.ROOT)),
            rows.getLong(4)));
      }
    }
    return runs;
  }

  private static String describe(List<Entry> runs) {
    if (runs.isEmpty()) {
      return "no runs";
    }
    StringBuilder text = new StringBuilder().append(runs.size())
        .append(runs.size() == 1 ? " run:" : " runs:");
    for (Entry run : runs) {
      text.append(' ').append(run.runId()).append(" '").append(run.name()).append('\'');
    }
    return text.toString();
  }

  private static SqliteStorageException closeAndWrap(Connection connection, Path path,
      Exception error) {
    try {
      connection.close();
    } catch (SQLException closeError) {
      error.addSuppressed(closeError);
    }
    return wrap(path, error);
  }

  static SqliteStorageException wrap(Path path, Exception error) {
    if (error instanceof SqliteStorageException storage) {
      return storage;
    }
    String reason = error instanceof SQLException sql
        ? SqliteErrors.describe(sql, READ_BUSY_TIMEOUT) : error.toString();
    return new SqliteStorageException(path, "cannot read the Tokenstorm database " + path + ": "
        + reason, error);
  }

  private static void closeStatement(@Nullable PreparedStatement statement) {
    if (statement == null) {
      return;
    }
    try {
      statement.close();
    } catch (SQLException e) {
      // Closing a read-only statement releases memory only; nothing to recover.
    }
  }

  /** Reads one row per step; the stream's close handler closes the statement. */
  private final class RecordSpliterator extends Spliterators.AbstractSpliterator<RequestRecord> {

    private final ResultSet rows;

    RecordSpliterator(ResultSet rows) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.rows = rows;
    }

    @Override
    public boolean tryAdvance(Consumer<? super RequestRecord> action) {
      try {
        if (!rows.next()) {
          return false;
        }
        action.accept(ResultRows.read(rows, schemaVersion));
        return true;
      } catch (SQLException | IllegalArgumentException e) {
        throw wrap(path, e);
      }
    }
  }
}
