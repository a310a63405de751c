package dev.tokenstorm.core.internal.engine;

import java.time.Duration;

/**
 * Tells the engine to stop dispatching. Once stopped, in-flight requests get a grace period to
 * finish before they are interrupted.
 *
 * <p>Thread-safe.
 */
final class StopSignal {

  private final Duration grace;
  private volatile boolean stopped;
  private volatile long graceDeadlineNanos = Long.MAX_VALUE;

  StopSignal(Duration grace) {
    this.grace = grace;
  }

  /** Stops dispatch; idempotent. */
  void stop() {
    if (!stopped) {
      graceDeadlineNanos = System.nanoTime() + grace.toNanos();
      stopped = true;
    }
  }

  boolean stopped() {
    return stopped;
  }

  long graceDeadlineNanos() {
    return graceDeadlineNanos;
  }
}
