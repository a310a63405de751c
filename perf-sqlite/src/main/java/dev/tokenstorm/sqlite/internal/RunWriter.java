package dev.tokenstorm.sqlite.internal;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.sqlite.SqliteStorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Stores the records of one run in one database file, from its own writer thread.
 *
 * <p>{@link #submit} converts a record to a row, puts it on a bounded queue and returns. The
 * writer thread inserts the rows and commits every {@code commitInterval} rows. When the queue is
 * full, {@code submit} waits, so memory stays bounded and only the thread that feeds the sink
 * slows down. A second thread copies committed pages from the write-ahead log into the database
 * file ({@link Checkpointer}). {@link #finish} commits the rest with the run's summary and closes
 * the file. A JVM shutdown hook does the same with status {@code interrupted} if the run has not
 * finished by then.
 *
 * <p>After the first failed write the writer stores nothing more for the run: it rolls back the
 * open transaction, counts its rows and every later record as lost, and reports the failure from
 * {@link #failure()} and {@link #finish}. Thread-safe: {@code submit} may be called from several
 * threads at once.
 */
public final class RunWriter {

  private static final Logger log = LoggerFactory.getLogger(RunWriter.class);

  /** Status of a run that ended normally. */
  public static final String STATUS_COMPLETED = "completed";

  /** Status of a run that was cancelled. */
  public static final String STATUS_CANCELLED = "cancelled";

  /** Status of a run whose sink was closed, or whose JVM shut down, before the run ended. */
  public static final String STATUS_INTERRUPTED = "interrupted";

  /** Status of a run whose rows could not all be stored. */
  public static final String STATUS_FAILED = "failed";

  private static final int PAGE_SIZE = 32_768;
  private static final long POLL_MILLIS = 100;
  private static final int MAX_BATCH = 256;
  /** SQLite's default {@code wal_autocheckpoint}, used if the checkpoint thread fails. */
  private static final int AUTO_CHECKPOINT_PAGES = 1000;
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

  /**
   * Settings of a writer.
   *
   * @param commitInterval rows per transaction, at least 1
   * @param maxStoredTextChars most characters stored per request body, output text or error
   * @param queueCapacity records buffered between the feeding thread and the writer thread
   * @param busyTimeout how long SQLite waits for a lock held by another connection
   * @param maxPageCount the most database pages, or 0 for SQLite's default; tests use a small
   *     value to make the database full
   * @param maxLogBytes the size of the write-ahead log from which the writer thread copies it into
   *     the database file itself, see {@link Checkpointer}; tests use a small value
   */
  public record Settings(int commitInterval, int maxStoredTextChars, int queueCapacity,
      Duration busyTimeout, long maxPageCount, long maxLogBytes) {

    /** The default of {@code maxLogBytes}: 128 MiB. */
    public static final long DEFAULT_MAX_LOG_BYTES = 128L << 20;
  }

  /**
   * The result of storing one run.
   *
   * @param committedRows rows committed to the file
   * @param lostRows records that reached the sink but are not in the file
   * @param failure the first error, or null when every record was stored
   */
  public record Outcome(Path path, String status, long committedRows, long lostRows,
      @Nullable Throwable failure) {}

  private sealed interface Command permits Insert, Finish {}

  private record Insert(ResultRows.Row row) implements Command {}

  private record Finish(@Nullable RunReport report, String status) implements Command {}

  private final Path path;
  private final RunInfo run;
  private final Settings settings;
  private final Connection connection;
  private final PreparedStatement insert;
  private final long runId;
  private final ResultRows rows;
  private final RunRows runRows;
  private final BlockingQueue<Command> queue;
  private final Checkpointer checkpointer;
  private final Thread thread;
  private final Thread shutdownHook;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final AtomicLong committedRows = new AtomicLong();
  private final AtomicLong lostRows = new AtomicLong();
  private volatile @Nullable Throwable failure;
  private volatile boolean finishing;
  private volatile boolean shutdownRequested;

  /** Rows inserted in the open transaction; used by the writer thread only. */
  private int pendingRows;

  private RunWriter(Path path, RunInfo run, Settings settings, Connection connection, long runId,
      RunRows runRows, Connection checkpointConnection) throws SQLException {
    this.path = path;
    this.run = run;
    this.settings = settings;
    this.connection = connection;
    this.checkpointer = new Checkpointer(path, run.name(), checkpointConnection,
        settings.maxLogBytes(), AUTO_CHECKPOINT_PAGES);
    this.insert = connection.prepareStatement(Schema.insertResultSql(runId));
    this.runId = runId;
    this.rows = new ResultRows(settings.maxStoredTextChars());
    this.runRows = runRows;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.thread = new Thread(this::writeLoop, "tokenstorm-sqlite-" + run.name());
    this.thread.setDaemon(true);
    this.shutdownHook = new Thread(this::onJvmShutdown, "tokenstorm-sqlite-shutdown-" + run.name());
  }

  /**
   * Creates or opens the database at {@code path}, records {@code run} in it and starts the
   * writer thread.
   *
   * @param append whether an existing file may be extended. When false, an existing file or a
   *     leftover journal of one is an error, and the new file is created atomically.
   * @throws SqliteStorageException if the file exists and {@code append} is false, or cannot be
   *     created, opened, locked or written, or is not a compatible Tokenstorm database
   */
  public static RunWriter start(Path path, boolean append, RunInfo run, Settings settings,
      ReportCodec codec) {
    boolean created = prepareFile(path, append);
    Connection connection = null;
    Connection checkpointConnection = null;
    try {
      connection = open(path, settings);
      String version = TokenstormVersion.get();
      if (created) {
        Schema.create(connection, version, System.currentTimeMillis());
      } else {
        Schema.checkAppendable(connection, path);
      }
      RunRows runRows = new RunRows(codec);
      long runId = runRows.insertRun(connection, run, version);
      connection.commit();
      checkpointConnection = openForCheckpoints(path, settings);
      RunWriter writer = new RunWriter(path, run, settings, connection, runId, runRows,
          checkpointConnection);
      writer.begin();
      return writer;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(checkpointConnection);
      closeQuietly(connection);
      if (created) {
        deleteQuietly(path);
      }
      if (e instanceof SqliteStorageException storage) {
        throw storage;
      }
      String reason = e instanceof SQLException sql
          ? SqliteErrors.describe(sql, settings.busyTimeout()) : e.toString();
      throw new SqliteStorageException(path, "cannot open the SQLite database " + path
          + " for run '" + run.name() + "': " + reason, e);
    }
  }

  private void begin() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    checkpointer.start();
    thread.start();
    log.debug("storing run '{}' in {} (commit every {} rows)", run.name(), path,
        settings.commitInterval());
  }

  /** Returns the name of the run being stored. */
  public String runName() {
    return run.name();
  }

  /** Returns the database file. */
  public Path path() {
    return path;
  }

  /** Returns the rows committed so far. */
  public long committedRows() {
    return committedRows.get();
  }

  /** Returns the first write error, or null while every record has been stored. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /**
   * Converts {@code record} to a row on the calling thread and queues it for the writer thread,
   * waiting while the queue is full.
   *
   * @return false if the record will not be stored, because the writer failed or finished or the
   *     calling thread was interrupted
   */
  public boolean submit(RequestRecord record) {
    if (failure != null || finishing) {
      lostRows.incrementAndGet();
      return false;
    }
    Insert command;
    try {
      command = new Insert(rows.encode(record));
    } catch (RuntimeException e) {
      lostRows.incrementAndGet();
      throw e;
    }
    try {
      while (!queue.offer(command, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (failure != null || !thread.isAlive()) {
          lostRows.incrementAndGet();
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lostRows.incrementAndGet();
      return false;
    }
    if (!thread.isAlive() && queue.remove(command)) {
      // The writer ended while this record waited, so no thread will take it from the queue.
      lostRows.incrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Stores the queued records and, when {@code report} is not null, the run's summary; sets the
   * run's status and closes the file. Waits until that is done. Later calls return the same
   * outcome.
   *
   * @param status the run's final status, such as {@link #STATUS_COMPLETED}
   * @throws InterruptedException if the calling thread is interrupted while waiting; the writer
   *     still finishes in the background
   */
  public Outcome finish(@Nullable RunReport report, String status) throws InterruptedException {
    finishing = true;
    Finish command = new Finish(report, status);
    while (!outcome.isDone() && thread.isAlive()
        && !queue.offer(command, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      // The queue is full; the writer is draining it.
    }
    Outcome result = awaitOutcome();
    removeShutdownHook();
    return result;
  }

  private Outcome awaitOutcome() throws InterruptedException {
    while (true) {
      try {
        return outcome.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!thread.isAlive() && !outcome.isDone()) {
          outcome.complete(currentOutcome(STATUS_FAILED));
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("the SQLite writer completed exceptionally", e.getCause());
      }
    }
  }

  private void writeLoop() {
    List<Command> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (true) {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          if (shutdownRequested) {
            finishOnShutdown(List.of());
            return;
          }
          continue;
        }
        // Taking the queued commands at once wakes a waiting submit once per batch instead of
        // once per row.
        queue.drainTo(batch, MAX_BATCH - 1);
        for (int i = 0; i < batch.size(); i++) {
          Command command = batch.get(i);
          if (command instanceof Finish finish) {
            complete(finish, batch.subList(i + 1, batch.size()));
            return;
          }
          write(((Insert) command).row());
          if (shutdownRequested) {
            finishOnShutdown(batch.subList(i + 1, batch.size()));
            return;
          }
        }
        batch.clear();
      }
    } catch (RuntimeException | Error e) {
      fail(e);
      log.error("the SQLite writer for run '{}' stopped unexpectedly", run.name(), e);
    } finally {
      checkpointer.close();
      closeQuietly(connection);
      outcome.complete(currentOutcome(STATUS_FAILED));
    }
  }

  private void write(ResultRows.Row row) {
    if (failure != null) {
      lostRows.incrementAndGet();
      return;
    }
    try {
      row.bind(insert);
      insert.executeUpdate();
      pendingRows++;
      if (pendingRows >= settings.commitInterval()) {
        commit();
      }
    } catch (SQLException | RuntimeException e) {
      lostRows.incrementAndGet();
      fail(e);
    }
  }

  private void commit() throws SQLException {
    connection.commit();
    committedRows.addAndGet(pendingRows);
    pendingRows = 0;
    checkpointer.afterCommit(connection);
  }

  private void fail(Throwable error) {
    if (failure != null) {
      return;
    }
    failure = error;
    lostRows.addAndGet(pendingRows);
    pendingRows = 0;
    try {
      connection.rollback();
    } catch (SQLException rollbackError) {
      log.debug("rollback after a failed write to {} failed too", path, rollbackError);
    }
    String reason = error instanceof SQLException sql
        ? SqliteErrors.describe(sql, settings.busyTimeout()) : error.toString();
    log.warn("SQLite sink stopped storing run '{}' in {} after {} committed rows: {}",
        run.name(), path, committedRows.get(), reason);
  }

  /**
   * Stores the end of the run and closes the file.
   *
   * @param afterFinish commands taken from the queue after {@code finish}, whose records are lost
   */
  private void complete(Finish finish, List<Command> afterFinish) {
    long now = System.currentTimeMillis();
    if (failure == null) {
      try {
        runRows.finishRun(connection, runId, finish.status(), now, finish.report());
        commit();
      } catch (SQLException | RuntimeException e) {
        fail(e);
      }
    }
    String status = failure == null ? finish.status() : STATUS_FAILED;
    if (failure != null) {
      recordFailedStatus(now);
    }
    countLeftoverRecords(afterFinish);
    closeConnection();
    outcome.complete(currentOutcome(status));
    log.debug("finished run '{}' in {}: {} rows committed, {} lost, status {}", run.name(), path,
        committedRows.get(), lostRows.get(), status);
  }

  /**
   * Stores the records already taken from the queue and those still queued, then ends the run.
   *
   * @param unprocessed commands taken from the queue but not processed yet, in order
   */
  private void finishOnShutdown(List<Command> unprocessed) {
    log.info("JVM shutdown: committing the queued records of run '{}' to {}", run.name(), path);
    List<Command> left = new ArrayList<>(unprocessed);
    queue.drainTo(left);
    for (int i = 0; i < left.size(); i++) {
      if (left.get(i) instanceof Finish finish) {
        complete(finish, left.subList(i + 1, left.size()));
        return;
      }
      write(((Insert) left.get(i)).row());
    }
    complete(new Finish(null, STATUS_INTERRUPTED), List.of());
  }

  /** Marks the run as failed in the file if the file still accepts writes. */
  private void recordFailedStatus(long now) {
    try {
      runRows.updateStatus(connection, runId, STATUS_FAILED, now);
      connection.commit();
    } catch (SQLException e) {
      log.debug("cannot mark run '{}' as failed in {}", run.name(), path, e);
    }
  }

  private void countLeftoverRecords(List<Command> unprocessed) {
    List<Command> left = new ArrayList<>(unprocessed);
    queue.drainTo(left);
    lostRows.addAndGet(left.stream().filter(Insert.class::isInstance).count());
  }

  private void closeConnection() {
    // Leaving WAL mode needs the only connection to the file.
    checkpointer.close();
    try {
      insert.close();
      connection.setAutoCommit(true);
      // Leave a single self-contained file: readers then need no -wal or -shm file next to it,
      // and SQLite versions without WAL support can open it too.
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode = DELETE");
      }
    } catch (SQLException e) {
      log.debug("cannot switch {} back to rollback-journal mode", path, e);
    }
    closeQuietly(connection);
  }

  private Outcome currentOutcome(String status) {
    return new Outcome(path, status, committedRows.get(), lostRows.get(), failure);
  }

  private void onJvmShutdown() {
    shutdownRequested = true;
    finishing = true;
    thread.interrupt();
    try {
      thread.join(SHUTDOWN_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook has run or is running.
    }
  }

  private static boolean prepareFile(Path path, boolean append) {
    if (append && Files.exists(path)) {
      return false;
    }
    for (String suffix : new String[] {"", "-wal", "-journal", "-shm"}) {
      Path file = Path.of(path + suffix);
      if (Files.exists(file)) {
        throw existing(file, path);
      }
    }
    Path parent = path.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SqliteStorageException(path, "cannot create the folder of the SQLite database "
          + path + ": " + e + ". Choose a writable output folder.", e);
    }
    try {
      Files.createFile(path);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw existing(path, path);
    } catch (IOException e) {
      throw new SqliteStorageException(path, "cannot create the SQLite database " + path + ": "
          + e + ". Check that the folder is writable and the disk has free space.", e);
    }
  }

  private static SqliteStorageException existing(Path found, Path path) {
    return new SqliteStorageException(path, found + " already exists. Tokenstorm never overwrites"
        + " a database or appends to one unless asked: write the run to a new folder or file,"
        + " remove the old file, or build the sink with ExistingDatabase.APPEND.", null);
  }

  private static Connection open(Path path, Settings settings) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
    // Without this, sqlite-jdbc runs an extra query after every INSERT to collect generated keys,
    // which costs more than the insert itself. The run row reads last_insert_rowid() instead.
    config.setGetGeneratedKeys(false);
    Connection connection = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      // The page size takes effect only in a new, empty file, so it goes before the journal mode,
      // whose change writes the first page. Rows are only appended, so a page leaves less than one
      // row empty at its end. Rows with a hundred token events take about 1.9 KB, which left 9 %
      // of 16 KiB pages empty and 3.5 % of 32 KiB pages in the benchmark.
      statement.execute("PRAGMA page_size = " + PAGE_SIZE);
      statement.execute("PRAGMA journal_mode = WAL");
      // In WAL mode NORMAL syncs at checkpoints, not at every commit: a committed transaction
      // survives a killed process, and only a power loss can take back the last commits.
      statement.execute("PRAGMA synchronous = NORMAL");
      // Checkpoints run on a second connection; see Checkpointer, which also needs the size limit.
      statement.execute("PRAGMA wal_autocheckpoint = 0");
      statement.execute("PRAGMA journal_size_limit = " + settings.maxLogBytes() / 2);
      if (settings.maxPageCount() > 0) {
        statement.execute("PRAGMA max_page_count = " + settings.maxPageCount());
      }
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** Opens the connection of the checkpoint thread to a database that is in WAL mode already. */
  private static Connection openForCheckpoints(Path path, Settings settings) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
    Connection connection = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      // A checkpoint syncs the log before copying it and the database file after.
      statement.execute("PRAGMA synchronous = NORMAL");
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void closeQuietly(@Nullable Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing a SQLite connection failed", e);
    }
  }

  private static void deleteQuietly(Path path) {
    for (String suffix : new String[] {"", "-wal", "-journal", "-shm"}) {
      try {
        Files.deleteIfExists(Path.of(path + suffix));
      } catch (IOException e) {
        log.debug("cannot remove {} after a failed start", path + suffix, e);
      }
    }
  }
}
