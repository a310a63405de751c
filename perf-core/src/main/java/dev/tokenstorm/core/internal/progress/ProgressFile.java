package dev.tokenstorm.core.internal.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code progress.json} in a run's output root up to date, in evalscope's shape:
 *
 * <pre>{@code
 * {"status": "running", "pipeline": "perf", "total_count": 1000, "processed_count": 420,
 *  "percent": 42.0, "updated_at": "2026-04-02T10:05:42.123000"}
 * }</pre>
 *
 * <p>{@code total_count} is the sum of {@code number} over the sweep (warmup excluded) and {@code
 * processed_count} the measured requests completed so far, successful or not. {@code percent} is
 * their ratio in percent, rounded to two decimals; {@code updated_at} is local time. The status is
 * {@code running}, then {@code completed}, or {@code error} when the run failed or was cancelled;
 * an {@code error} file also has an {@code error} key with the reason.
 *
 * <p>The file is written when the tracker opens, by a ticker thread at most once per interval (one
 * second by default) when the count changed, and once more with the final status. Each write goes
 * to a temporary file in the same folder that is then moved over {@code progress.json}, so a reader
 * always sees a complete document. A failed write is logged (the first at WARN) and never fails the
 * run.
 *
 * <p>Thread-safe: {@link #listener()} may be called from every request thread, the other methods
 * from any thread. After the final status no further write happens.
 */
public final class ProgressFile implements AutoCloseable {

  /** The file's name in the output root. */
  public static final String FILE_NAME = "progress.json";

  /** The shortest time between two progress writes while the run goes. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ProgressFile.class);
  private static final DateTimeFormatter UPDATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private final Path file;
  private final long totalCount;
  private final PerfClock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong processed = new AtomicLong();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final ProgressListener listener = new Counter();
  private final @Nullable Thread ticker;

  // Guarded by this.
  private long writtenCount = -1;
  private boolean finished;
  private long failedWrites;
  private boolean atomicMoveUnsupported;

  private ProgressFile(Path root, long totalCount, PerfClock clock, @Nullable Duration interval) {
    this.file = root.resolve(FILE_NAME);
    this.totalCount = totalCount;
    this.clock = clock;
    write(Status.RUNNING, null);
    if (interval == null) {
      ticker = null;
    } else {
      long millis = Math.max(1, interval.toMillis());
      ticker = Thread.ofPlatform().name("tokenstorm-progress").daemon(true)
          .start(() -> tickUntilClosed(millis));
    }
  }

  /**
   * Writes {@code progress.json} with status {@code running} into {@code root} and starts updating
   * it every second.
   *
   * @param totalCount measured requests of the whole sweep, at least 1
   */
  public static ProgressFile start(Path root, long totalCount, PerfClock clock) {
    return new ProgressFile(root, totalCount, clock, DEFAULT_INTERVAL);
  }

  /**
   * Like {@link #start}, with another interval, or none ({@code null}): then progress is written
   * only by {@link #flush()} and the final status. For tests.
   */
  static ProgressFile start(Path root, long totalCount, PerfClock clock,
      @Nullable Duration interval) {
    return new ProgressFile(root, totalCount, clock, interval);
  }

  /** Returns the listener that counts completed measured requests; add it to every run. */
  public ProgressListener listener() {
    return listener;
  }

  /** Returns the path of {@code progress.json}. */
  public Path path() {
    return file;
  }

  /** Returns the measured requests completed so far. */
  public long processedCount() {
    return processed.get();
  }

  /** Writes the final status {@code completed}. */
  public void completed() {
    finish(Status.COMPLETED, null);
  }

  /** Writes the final status {@code error}, saying that the run was cancelled. */
  public void cancelled() {
    finish(Status.ERROR, "cancelled");
  }

  /** Writes the final status {@code error} with {@code message}. */
  public void failed(String message) {
    finish(Status.ERROR, message);
  }

  /**
   * Stops the ticker. If no final status was written, writes {@code error}: the run ended without
   * reporting how.
   */
  @Override
  public void close() {
    finish(Status.ERROR, "the run ended without a final status");
  }

  /** Writes the current count now if it changed since the last write and the run goes on. */
  void flush() {
    synchronized (this) {
      if (!finished && processed.get() != writtenCount) {
        write(Status.RUNNING, null);
      }
    }
  }

  private void finish(Status status, @Nullable String error) {
    synchronized (this) {
      if (!finished) {
        write(status, error);
        finished = true;
      }
    }
    closed.countDown();
    if (ticker != null && ticker != Thread.currentThread()) {
      try {
        ticker.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void tickUntilClosed(long intervalMillis) {
    try {
      while (!closed.await(intervalMillis, TimeUnit.MILLISECONDS)) {
        flush();
      }
    } catch (InterruptedException e) {
      // Stopped from outside. The thread that ends the run writes the final status.
      Thread.currentThread().interrupt();
    }
  }

  // Called under the lock, or from the constructor before the ticker starts.
  private void write(Status status, @Nullable String error) {
    long count = processed.get();
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("status", status.text);
    document.put("pipeline", "perf");
    document.put("total_count", totalCount);
    document.put("processed_count", count);
    document.put("percent", totalCount > 0 ? Math.round(count * 10_000.0 / totalCount) / 100.0
        : 0.0);
    document.put("updated_at", LocalDateTime.ofInstant(Instant.ofEpochMilli(clock.wallMillis()),
        ZoneId.systemDefault()).format(UPDATED_AT));
    if (error != null) {
      document.put("error", error);
    }
    Path temp = null;
    try {
      byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
      temp = Files.createTempFile(file.getParent(), ".progress-", ".json.tmp");
      Files.write(temp, bytes);
      move(temp);
      temp = null;
      writtenCount = count;
    } catch (IOException | RuntimeException e) {
      failedWrites++;
      if (failedWrites == 1) {
        log.warn("{} could not be written: {}; later failures are logged at DEBUG", file,
            e.toString());
      } else {
        log.debug("{} could not be written", file, e);
      }
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  private void move(Path temp) throws IOException {
    if (!atomicMoveUnsupported) {
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      } catch (AtomicMoveNotSupportedException e) {
        atomicMoveUnsupported = true;
        log.info("The file system of {} cannot replace files atomically; readers of {} may see a"
            + " missing file for a moment", file.getParent(), FILE_NAME);
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.debug("Temporary file {} could not be deleted", temp, e);
    }
  }

  private enum Status {
    RUNNING("running"),
    COMPLETED("completed"),
    ERROR("error");

    final String text;

    Status(String text) {
      this.text = text;
    }
  }

  private final class Counter implements ProgressListener {
    @Override
    public void onRequestCompleted(RunInfo run, RequestRecord record, ProgressSnapshot progress) {
      processed.incrementAndGet();
    }
  }
}
