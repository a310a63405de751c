package dev.tokenstorm.sqlite;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.SinkSettings;
import dev.tokenstorm.sqlite.internal.ReportCodec;
import dev.tokenstorm.sqlite.internal.RunWriter;
import dev.tokenstorm.sqlite.internal.SqliteErrors;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ResultSink} that stores every measured request of a run in SQLite.
 *
 * <p>By default each run gets {@code benchmark_data.db} in its output folder ({@link
 * RunInfo#outputDir()}), the layout evalscope uses; a run without an output folder is not stored.
 * With {@link Builder#file(Path)} every run of the sink goes to one file instead, each as its own
 * {@code run_id}. The file holds evalscope's {@code result} table with Tokenstorm's extra columns,
 * the run's masked configuration and its summary; {@link StoredRun} reads it back.
 *
 * <h2>Writing</h2>
 *
 * {@link #onRecord} converts the record to a row and queues it. A writer thread per run inserts
 * the rows and commits a transaction every {@link Builder#commitInterval(int) commitInterval} rows,
 * in WAL mode. The rest is committed at the end of the run, also when the run is cancelled, when
 * the sink is closed before the run ended, and on JVM shutdown. The queue is bounded: when the
 * disk falls behind, {@code onRecord} waits, which slows only the engine's thread that feeds this
 * sink and never a request. A process killed without a shutdown (for example by SIGKILL) keeps every committed row.
 *
 * <h2>Existing files</h2>
 *
 * A run never overwrites a file and never adds itself to a file it did not create, unless built
 * with {@link ExistingDatabase#APPEND}: {@link #onRunStart} throws instead, and the run goes on
 * without a database. Several runs of one sink may share the file the sink created.
 *
 * <h2>Failures</h2>
 *
 * When the file cannot be created, is locked by another process, or a write fails (disk full,
 * folder removed), the sink throws a {@link SqliteStorageException} naming the file, the run and
 * the reason: from {@code onRunStart}, or from the first {@code onRecord} or {@code onRunEnd} after
 * a write failed. The engine turns it into a warning of the run; the measurement is not affected.
 * After a failed write nothing more of that run is stored, and rows committed before stay readable.
 *
 * <p>Thread-safe.
 *
 * {@snippet :
 * PerfResult result = PerfRun.builder()
 *     .url(url).model("m")
 *     .defaultSinks(false)
 *     .sink(SqliteResultSink.builder().file(Path.of("all-runs.db")).commitInterval(500).build())
 *     .build()
 *     .run();
 * }
 */
public final class SqliteResultSink implements ResultSink {

  private static final Logger log = LoggerFactory.getLogger(SqliteResultSink.class);

  /** The file name used in each run's output folder, as evalscope names it. */
  public static final String FILE_NAME = "benchmark_data.db";

  /** Rows per transaction unless set: evalscope's {@code db_commit_interval} default. */
  public static final int DEFAULT_COMMIT_INTERVAL = 1000;

  /** Characters of request body, output text and error message stored per row unless set. */
  public static final int DEFAULT_MAX_STORED_TEXT_CHARS = 65_536;

  /**
   * Records buffered between {@link #onRecord} and the writer thread unless set. A queued record
   * with a hundred token events and short texts takes about 2 KB of heap.
   */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  /** How long a write waits for a lock held by another connection unless set. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private final @Nullable Path file;
  private final ExistingDatabase existingDatabase;
  private final RunWriter.Settings settings;
  private final ReportCodec codec = new ReportCodec();
  private final Set<Path> createdFiles = ConcurrentHashMap.newKeySet();
  private final Object lifecycleLock = new Object();
  private final AtomicBoolean failureReported = new AtomicBoolean();
  private volatile @Nullable RunWriter current;
  private volatile @Nullable RunWriter last;
  private volatile @Nullable Throwable lastFailure;
  private volatile boolean closed;

  private SqliteResultSink(Builder builder) {
    this.file = builder.file;
    this.existingDatabase = builder.existingDatabase;
    this.settings = new RunWriter.Settings(builder.commitInterval, builder.maxStoredTextChars,
        builder.queueCapacity, builder.busyTimeout, builder.maxPageCount, builder.maxLogBytes);
  }

  /** Returns a builder with the defaults: one file per run folder, commits every 1000 rows. */
  public static Builder builder() {
    return new Builder();
  }

  /** Creates a sink that writes one file per run folder with the engine's settings. */
  public static SqliteResultSink create(SinkSettings settings) {
    return builder()
        .commitInterval(settings.dbCommitInterval())
        .maxStoredTextChars(settings.maxStoredTextChars())
        .build();
  }

  @Override
  public String name() {
    return "sqlite";
  }

  /**
   * Creates or opens the run's database and starts its writer.
   *
   * @throws SqliteStorageException if the file exists (see {@link ExistingDatabase}), cannot be
   *     created or opened, or is locked by another process; the run is then not stored
   */
  @Override
  public void onRunStart(RunInfo run) {
    synchronized (lifecycleLock) {
      if (closed) {
        throw new IllegalStateException("the SQLite sink is closed; create a new one for run '"
            + run.name() + "'");
      }
      finishUnended();
      failureReported.set(false);
      lastFailure = null;
      Path path = databasePathFor(run);
      if (path == null) {
        log.info("run '{}' has no output folder and the sink has no file: no SQLite database"
            + " for this run", run.name());
        return;
      }
      Path key = path.toAbsolutePath().normalize();
      boolean append = existingDatabase == ExistingDatabase.APPEND || createdFiles.contains(key);
      try {
        RunWriter writer = RunWriter.start(path, append, run, settings, codec);
        createdFiles.add(key);
        current = writer;
        last = writer;
      } catch (SqliteStorageException e) {
        lastFailure = e;
        throw new SqliteStorageException(e.path(), e.getMessage()
            + " The run goes on without storing its records in SQLite.", e);
      }
      log.info("storing the requests of run '{}' in {}", run.name(), path);
    }
  }

  /**
   * Queues {@code record}; waits only while the writer is a full queue behind.
   *
   * @throws SqliteStorageException once per run, on the first call after a write failed
   */
  @Override
  public void onRecord(RequestRecord record) {
    RunWriter writer = current;
    if (writer == null) {
      return;
    }
    if (!writer.submit(record) && writer.failure() != null
        && failureReported.compareAndSet(false, true)) {
      throw failure(writer, Objects.requireNonNull(writer.failure()));
    }
  }

  /**
   * Commits the remaining rows with the report and closes the run's database.
   *
   * @throws SqliteStorageException if a write of this run failed and was not reported yet
   * @throws InterruptedException if interrupted while the writer finishes; it goes on in the
   *     background
   */
  @Override
  public void onRunEnd(RunReport report) throws InterruptedException {
    RunWriter writer;
    synchronized (lifecycleLock) {
      writer = current;
      current = null;
    }
    if (writer == null) {
      return;
    }
    String status = report.cancelled() ? RunWriter.STATUS_CANCELLED : RunWriter.STATUS_COMPLETED;
    RunWriter.Outcome outcome = writer.finish(report, status);
    if (outcome.failure() == null) {
      log.info("stored {} requests of run '{}' in {}", outcome.committedRows(),
          report.run().name(), outcome.path());
      return;
    }
    lastFailure = outcome.failure();
    log.warn("run '{}': {} rows stored in {}, {} records lost", report.run().name(),
        outcome.committedRows(), outcome.path(), outcome.lostRows());
    if (failureReported.compareAndSet(false, true)) {
      throw failure(writer, outcome.failure());
    }
  }

  /** Commits and closes a run that never received {@link #onRunEnd}; safe to call twice. */
  @Override
  public void close() {
    synchronized (lifecycleLock) {
      if (closed) {
        return;
      }
      closed = true;
      finishUnended();
    }
  }

  /** Returns the file of the current run, or of the last one if none is running. */
  public Optional<Path> databasePath() {
    RunWriter writer = last;
    return writer == null ? Optional.empty() : Optional.of(writer.path());
  }

  /** Returns the rows of the current run (or of the last one) committed so far. */
  public long committedRows() {
    RunWriter writer = last;
    return writer == null ? 0 : writer.committedRows();
  }

  /** Returns the error that stopped storing the current or last run, if any. */
  public Optional<Throwable> failure() {
    RunWriter writer = last;
    Throwable failure = writer == null ? null : writer.failure();
    return Optional.ofNullable(failure != null ? failure : lastFailure);
  }

  private @Nullable Path databasePathFor(RunInfo run) {
    if (file != null) {
      return file;
    }
    Path folder = run.outputDir();
    return folder == null ? null : folder.resolve(FILE_NAME);
  }

  private void finishUnended() {
    RunWriter writer = current;
    current = null;
    if (writer == null) {
      return;
    }
    try {
      RunWriter.Outcome outcome = writer.finish(null, RunWriter.STATUS_INTERRUPTED);
      log.warn("the SQLite sink was closed before run '{}' ended; stored {} rows in {} with"
          + " status {}", writer.runName(), outcome.committedRows(), outcome.path(),
          outcome.status());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while committing the unfinished run in {}", writer.path());
    }
  }

  private SqliteStorageException failure(RunWriter writer, Throwable cause) {
    String reason = cause instanceof SQLException sql
        ? SqliteErrors.describe(sql, settings.busyTimeout()) : cause.toString();
    return new SqliteStorageException(writer.path(), "SQLite sink stopped storing run '"
        + writer.runName() + "' in " + writer.path() + " after " + writer.committedRows() + " committed rows: " + reason
        + ". Rows committed before stay in the file; later records of this run are not stored.",
        cause);
  }

  /** Builds a {@link SqliteResultSink}. Not thread-safe. */
  public static final class Builder {

    private @Nullable Path file;
    private ExistingDatabase existingDatabase = ExistingDatabase.REJECT;
    private int commitInterval = DEFAULT_COMMIT_INTERVAL;
    private int maxStoredTextChars = DEFAULT_MAX_STORED_TEXT_CHARS;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private long maxPageCount;
    private long maxLogBytes = RunWriter.Settings.DEFAULT_MAX_LOG_BYTES;

    private Builder() {}

    /**
     * Stores every run in {@code file} instead of {@code benchmark_data.db} in each run folder.
     * The file must not exist unless {@link #existingDatabase} is {@code APPEND}.
     */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Sets what happens when the database file exists at a run's start; default {@code REJECT}. */
    public Builder existingDatabase(ExistingDatabase existingDatabase) {
      this.existingDatabase = Objects.requireNonNull(existingDatabase, "existingDatabase");
      return this;
    }

    /**
     * Sets the rows per transaction; default 1000. Rows become visible to readers, and survive a
     * killed process, when their transaction commits.
     *
     * @throws IllegalArgumentException if {@code rows} is less than 1
     */
    public Builder commitInterval(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("commitInterval must be at least 1 but was " + rows);
      }
      this.commitInterval = rows;
      return this;
    }

    /**
     * Sets the most characters of request body, output text and error message stored per row;
     * longer texts are cut and flagged in {@code request_truncated} and
     * {@code output_text_truncated}. Default 65536.
     *
     * @throws IllegalArgumentException if {@code chars} is negative
     */
    public Builder maxStoredTextChars(int chars) {
      if (chars < 0) {
        throw new IllegalArgumentException("maxStoredTextChars must be 0 or more but was " + chars);
      }
      this.maxStoredTextChars = chars;
      return this;
    }

    /**
     * Sets how many records may wait for the writer thread before {@link #onRecord} blocks;
     * default 1024.
     *
     * @throws IllegalArgumentException if {@code records} is less than 1
     */
    public Builder queueCapacity(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1 but was " + records);
      }
      this.queueCapacity = records;
      return this;
    }

    /**
     * Sets how long a write waits for a lock that another connection holds before the write
     * fails; default 5 seconds.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder busyTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("busyTimeout must not be negative but was " + timeout);
      }
      this.busyTimeout = timeout;
      return this;
    }

    // VisibleForTesting: caps the database at this many pages so tests can fill it.
    Builder maxPageCount(long pages) {
      this.maxPageCount = pages;
      return this;
    }

    // VisibleForTesting: lowers the write-ahead log size at which the writer checkpoints itself.
    Builder maxLogBytes(long bytes) {
      this.maxLogBytes = bytes;
      return this;
    }

    /** Returns a new sink. */
    public SqliteResultSink build() {
      return new SqliteResultSink(this);
    }
  }
}
