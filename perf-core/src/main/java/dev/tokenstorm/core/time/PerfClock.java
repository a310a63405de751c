package dev.tokenstorm.core.time;

import java.time.Duration;

/**
 * The only source of time for the engine: monotonic nanoseconds for measurement, wall milliseconds
 * for labels, and sleeping until a monotonic deadline.
 *
 * <p>Threading: implementations are thread-safe.
 */
public interface PerfClock {

  /** Returns monotonic time in nanoseconds, on the {@link System#nanoTime()} scale. */
  long nanoTime();

  /** Returns wall-clock time in epoch milliseconds. */
  long wallMillis();

  /**
   * Blocks until {@link #nanoTime()} reaches {@code deadlineNanos}; returns at once if it already
   * has.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleepUntil(long deadlineNanos) throws InterruptedException;

  /** Blocks for {@code duration}. */
  default void sleep(Duration duration) throws InterruptedException {
    sleepUntil(nanoTime() + duration.toNanos());
  }

  /** Returns the system clock. */
  static PerfClock system() {
    return SystemPerfClock.INSTANCE;
  }
}
