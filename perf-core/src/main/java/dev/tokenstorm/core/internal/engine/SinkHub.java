package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every {@link ResultSink} from its own writer thread, so a slow sink never delays requests
 * and calls to one sink never overlap.
 *
 * <p>Each sink has a bounded queue. When a sink falls so far behind that its queue is full, the
 * request thread that completes a record waits for room; the time spent waiting is reported as a
 * warning, because it means the sink, not the server, shaped the load.
 */
final class SinkHub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SinkHub.class);

  private static final int QUEUE_CAPACITY = 65_536;

  private final List<Writer> writers = new ArrayList<>();

  SinkHub(List<ResultSink> sinks) {
    for (ResultSink sink : sinks) {
      writers.add(new Writer(sink));
    }
  }

  boolean isEmpty() {
    return writers.isEmpty();
  }

  void runStart(RunInfo run) {
    writers.forEach(w -> w.submit(() -> w.sink.onRunStart(run), "onRunStart"));
  }

  void record(RequestRecord record) throws InterruptedException {
    for (Writer writer : writers) {
      writer.submitBlocking(() -> writer.sink.onRecord(record));
    }
  }

  /** Waits until every queued record has been handed to its sink; bounded by {@code timeout}. */
  void drain(Duration timeout) throws InterruptedException {
    List<CompletableFuture<Void>> barriers = new ArrayList<>();
    for (Writer writer : writers) {
      CompletableFuture<Void> barrier = new CompletableFuture<>();
      writer.submit(() -> barrier.complete(null), "drain");
      barriers.add(barrier);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < barriers.size(); i++) {
      try {
        barriers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        writers.get(i).fail("did not finish writing within " + timeout + "; results may be incomplete",
            null);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void runEnd(RunReport report) {
    writers.forEach(w -> w.submit(() -> w.sink.onRunEnd(report), "onRunEnd"));
  }

  /** Returns and clears the failure messages collected since the last call. */
  List<String> takeFailures() {
    List<String> failures = new ArrayList<>();
    for (Writer writer : writers) {
      synchronized (writer.failures) {
        failures.addAll(writer.failures);
        writer.failures.clear();
      }
      long blocked = writer.blockedNanos.getAndSet(0);
      if (blocked > 1_000_000) {
        failures.add("result sink '" + writer.sink.name() + "' fell behind and held up completed"
            + " requests for " + blocked / 1_000_000 + " ms in total");
      }
    }
    return failures;
  }

  @Override
  public void close() {
    for (Writer writer : writers) {
      writer.submit(writer.sink::close, "close");
      writer.stop();
    }
    for (Writer writer : writers) {
      writer.join(Duration.ofSeconds(30));
    }
  }

  private interface SinkCall {
    void run() throws Exception;
  }

  private static final class Writer {
    private final ResultSink sink;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final List<String> failures = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong blockedNanos =
        new java.util.concurrent.atomic.AtomicLong();
    private int failureCount;
    private volatile boolean stopped;

    Writer(ResultSink sink) {
      this.sink = sink;
      this.thread = Thread.ofPlatform().daemon().name("tokenstorm-sink-" + sink.name())
          .start(this::loop);
    }

    void submit(SinkCall call, String what) {
      Runnable task = () -> invoke(call, what);
      try {
        queue.put(task);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void submitBlocking(SinkCall call) throws InterruptedException {
      Runnable task = () -> invoke(call, "onRecord");
      if (!queue.offer(task)) {
        long start = System.nanoTime();
        queue.put(task);
        blockedNanos.addAndGet(System.nanoTime() - start);
      }
    }

    private void invoke(SinkCall call, String what) {
      try {
        call.run();
      } catch (Exception | LinkageError e) {
        fail(what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }

    void fail(String message, Throwable cause) {
      failureCount++;
      if (failureCount == 1) {
        log.warn("Result sink '{}' {}", sink.name(), message, cause);
      } else {
        log.debug("Result sink '{}' {}", sink.name(), message, cause);
      }
      synchronized (failures) {
        if (failures.size() < 20) {
          failures.add("result sink '" + sink.name() + "' " + message);
        }
      }
    }

    private void loop() {
      while (!stopped || !queue.isEmpty()) {
        try {
          Runnable task = queue.poll(100, TimeUnit.MILLISECONDS);
          if (task != null) {
            task.run();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void stop() {
      stopped = true;
    }

    void join(Duration timeout) {
      try {
        if (!thread.join(timeout)) {
          log.warn("Result sink '{}' did not close within {}", sink.name(), timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
