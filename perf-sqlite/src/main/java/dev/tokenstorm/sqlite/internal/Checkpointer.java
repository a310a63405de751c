package dev.tokenstorm.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed pages from the write-ahead log into the database file on a thread and
 * connection of its own, so the writer thread keeps inserting while the pages are copied and
 * synced to disk.
 *
 * <p>SQLite's automatic checkpoint would run inside the writer's commit, and with {@code
 * synchronous = NORMAL} each checkpoint waits for two fsync calls. Here the writer's connection has
 * automatic checkpoints switched off; after each commit it calls {@link #afterCommit}, which wakes
 * this thread for a {@code PASSIVE} checkpoint. A passive checkpoint runs next to the writer's
 * next transaction without blocking it.
 *
 * <p>SQLite starts the log over only when a write transaction begins with every frame copied,
 * which rarely happens while the writer never pauses. So when the log file has reached {@link
 * #maxLogBytes}, the writer runs the checkpoint itself right after a commit, waiting for a
 * checkpoint of this thread to end first. This thread has copied most frames by then, and the
 * writer's next transaction starts the log over. The writer's connection has a {@code
 * journal_size_limit} of half {@code maxLogBytes}, so SQLite cuts the file back to that size at
 * the first commit after the log started over, and the file reaches {@code maxLogBytes} only when
 * the log contains that much. The log file so stays below {@code maxLogBytes} plus one transaction,
 * also when the disk is slow.
 *
 * <p>If a checkpoint on this thread fails, the writer's connection goes back to SQLite's automatic
 * checkpoints and this thread stops: the log keeps being copied, only no longer in parallel.
 */
final class Checkpointer {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Path path;
  private final Path logFile;
  private final Connection connection;
  private final long maxLogBytes;
  private final int fallbackAutoCheckpointPages;
  private final Thread thread;
  private final Semaphore requests = new Semaphore(0);
  // Held while a checkpoint runs, so the writer's and this thread's never overlap.
  private final ReentrantLock checkpointLock = new ReentrantLock();
  private volatile boolean stopped;
  private volatile @Nullable SQLException failure;
  /** Whether the writer's connection uses SQLite's automatic checkpoints again; writer only. */
  private boolean fellBack;

  /**
   * Creates a checkpointer; {@link #start} starts its thread.
   *
   * @param connection the checkpoint thread's own connection to the database at {@code path}
   * @param maxLogBytes size of the log file from which the writer runs the checkpoint itself;
   *     the writer's connection needs a {@code journal_size_limit} of half this size
   * @param fallbackAutoCheckpointPages SQLite's {@code wal_autocheckpoint} for the writer's
   *     connection if this thread fails
   */
  Checkpointer(Path path, String runName, Connection connection, long maxLogBytes,
      int fallbackAutoCheckpointPages) {
    this.path = path;
    this.logFile = Path.of(path + "-wal");
    this.connection = connection;
    this.maxLogBytes = maxLogBytes;
    this.fallbackAutoCheckpointPages = fallbackAutoCheckpointPages;
    this.thread = new Thread(this::run, "tokenstorm-sqlite-checkpoint-" + runName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Wakes the checkpoint thread after the writer committed on {@code writer}, or runs the
   * checkpoint on {@code writer} when the log file has reached {@link #maxLogBytes}. Call on the
   * writer thread right after the commit, before the next statement.
   */
  void afterCommit(Connection writer) {
    if (failure != null) {
      fallBack(writer);
      return;
    }
    if (logFileSize() >= maxLogBytes) {
      checkpointOnWriter(writer);
    } else {
      requests.release();
    }
  }

  private void checkpointOnWriter(Connection writer) {
    checkpointLock.lock();
    try {
      // With every frame copied, the writer's next transaction starts the log over. Otherwise a
      // reader still uses old frames, and the writer tries again after its next commit.
      checkpoint(writer);
    } catch (SQLException e) {
      // The rows are committed; only copying them into the database file failed. SQLite ignores
      // a failed automatic checkpoint in the same way, and the next one copies the rest.
      log.debug("checkpoint of {} on the writer's connection failed", path, e);
    } finally {
      checkpointLock.unlock();
    }
  }

  /**
   * Stops the checkpoint thread and closes its connection. Waits for a running checkpoint also
   * when the calling thread is interrupted, as on JVM shutdown, so the connection is never closed
   * under it.
   */
  void close() {
    stopped = true;
    requests.release();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the checkpoint connection of {} failed", path, e);
    }
  }

  private void run() {
    while (!stopped) {
      try {
        requests.acquire();
      } catch (InterruptedException e) {
        // Only close() ends this thread; it sets stopped first.
        continue;
      }
      requests.drainPermits();
      if (stopped) {
        return;
      }
      checkpointLock.lock();
      try {
        checkpoint(connection);
      } catch (SQLException e) {
        failure = e;
        log.warn("checkpoints of {} on a separate thread failed, so the writer copies the log"
            + " into the database file itself from now on: {}", path, e.getMessage());
        return;
      } finally {
        checkpointLock.unlock();
      }
    }
  }

  private long logFileSize() {
    try {
      return Files.size(logFile);
    } catch (IOException e) {
      // SQLite removes the log file only when the last connection closes; nothing to copy then.
      return 0;
    }
  }

  private static void checkpoint(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Returns one row: whether the checkpoint was blocked, frames in the log, frames copied.
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    }
  }

  private void fallBack(Connection writer) {
    if (fellBack) {
      return;
    }
    fellBack = true;
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + fallbackAutoCheckpointPages);
    } catch (SQLException e) {
      log.debug("cannot switch automatic checkpoints of {} back on", path, e);
    }
  }
}
