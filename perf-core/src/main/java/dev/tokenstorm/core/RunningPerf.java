package dev.tokenstorm.core;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.core.internal.engine.SweepRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on a {@link PerfRun} that is running in the background.
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread while another waits in
 * {@link #await()}. A cancelled run stops dispatching, gives in-flight requests a short grace
 * period ({@link PerfDefaults#CANCEL_GRACE}), flushes its sinks, and still returns a
 * {@link PerfResult} whose reports are marked cancelled.
 *
 * <p>{@link #close()} cancels the run if it is still going and waits for it; calling it twice is
 * safe. A JVM shutdown while the run is going cancels it the same way, so sinks get their final
 * flush.
 *
 * {@snippet :
 * try (RunningPerf running = PerfRun.builder().url(url).model("m").prompt("hi").build().start()) {
 *   Thread.sleep(5_000);
 *   running.cancel();
 *   PerfResult partial = running.await();
 * }
 * }
 */
public final class RunningPerf implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningPerf.class);

  private final SweepRunner runner;
  private final CompletableFuture<PerfResult> result = new CompletableFuture<>();
  private final Thread driver;
  private final Thread shutdownHook;

  RunningPerf(SweepRunner runner) {
    this.runner = runner;
    this.driver = Thread.ofPlatform().name("tokenstorm-driver").unstarted(this::drive);
    this.shutdownHook = Thread.ofPlatform().name("tokenstorm-shutdown").unstarted(this::onShutdown);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    driver.start();
  }

  private void drive() {
    try {
      result.complete(runner.run());
    } catch (InterruptedException e) {
      result.completeExceptionally(new PerfRunException("run", "the run was interrupted", e));
    } catch (Throwable e) {
      result.completeExceptionally(e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook is running or has run.
      }
    }
  }

  private void onShutdown() {
    log.info("JVM shutdown: cancelling the running benchmark so results are flushed");
    runner.stop();
    try {
      result.get(PerfDefaults.CANCEL_GRACE.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("The cancelled run did not finish cleanly during shutdown", e);
    }
  }

  /** Stops dispatching new requests; idempotent. Returns at once; use {@link #await()} for the result. */
  public void cancel() {
    runner.stop();
  }

  /** Returns whether the run has finished, normally, by cancellation or by failure. */
  public boolean isDone() {
    return result.isDone();
  }

  /**
   * Waits for the run to finish and returns its result (partial when cancelled).
   *
   * @throws PerfRunException if the run failed before producing results
   * @throws InterruptedException if the waiting thread is interrupted; the run goes on
   */
  public PerfResult await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Waits at most {@code timeout} for the run to finish.
   *
   * @return the result, or empty if the run is still going
   */
  public Optional<PerfResult> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Cancels the run if it is still going and waits for it to wind down. */
  @Override
  public void close() {
    cancel();
    try {
      driver.join(PerfDefaults.CANCEL_GRACE.plusSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new PerfRunException("run", String.valueOf(cause.getMessage()), cause);
  }
}
