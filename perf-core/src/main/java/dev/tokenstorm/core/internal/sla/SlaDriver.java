package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.sla.SlaResult;
import dev.tokenstorm.core.PerfDefaults;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tuner on its own platform thread, as sweeps run, and waits for it. Interrupting the
 * waiting thread or shutting down the JVM stops the tuner, so sinks still get their last calls and
 * the result so far is returned.
 */
public final class SlaDriver {

  private static final Logger log = LoggerFactory.getLogger(SlaDriver.class);

  private SlaDriver() {}

  /**
   * Runs {@code tuner} to its end and returns its result. If the calling thread is interrupted,
   * the tuning is stopped, its partial result is returned, and the interrupt flag is set again.
   *
   * @throws PerfRunException if the tuning failed
   */
  public static SlaResult run(SlaTuner tuner) {
    CompletableFuture<SlaResult> result = new CompletableFuture<>();
    Thread shutdownHook = Thread.ofPlatform().name("tokenstorm-sla-shutdown").unstarted(() -> {
      log.info("JVM shutdown: stopping the running SLA tuning so results are flushed");
      tuner.stop();
      try {
        result.get(PerfDefaults.CANCEL_GRACE.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("The stopped SLA tuning did not finish cleanly during shutdown", e);
      }
    });
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread.ofPlatform().name("tokenstorm-driver").start(() -> {
      try {
        result.complete(tuner.run());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // The JVM is already shutting down; the hook is running or has run.
        }
      }
    });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
          tuner.stop();
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof InterruptedException) {
      return new PerfRunException("sla", "the SLA tuning was interrupted", cause);
    }
    return new PerfRunException("sla", String.valueOf(cause.getMessage()), cause);
  }
}
