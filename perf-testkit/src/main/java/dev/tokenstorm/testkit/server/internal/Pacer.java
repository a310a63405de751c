package dev.tokenstorm.testkit.server.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeps until absolute {@link System#nanoTime()} deadlines: parks until {@code spinNanos} before
 * the deadline, then spins. Thread-safe; one per server.
 *
 * <p>Parking alone can wake a virtual thread tens of microseconds to a millisecond late, so the
 * last stretch spins. Spinning occupies a carrier thread, though, and thousands of streams spinning
 * at once would starve the others; so at most {@code maxSpinners} threads spin at a time and the
 * rest park to the deadline itself, trading a little precision for throughput under load.
 */
public final class Pacer {

  private final long spinNanos;
  private final int maxSpinners;
  private final AtomicInteger spinners = new AtomicInteger();

  /**
   * Creates a pacer.
   *
   * @param spinNanos how long before a deadline to stop parking and spin; 0 never spins
   * @param maxSpinners how many threads may spin at once
   */
  public Pacer(long spinNanos, int maxSpinners) {
    this.spinNanos = spinNanos;
    this.maxSpinners = maxSpinners;
  }

  /**
   * Returns when {@link System#nanoTime()} has reached {@code deadlineNanos}.
   *
   * @throws InterruptedException if the thread is interrupted, for example by server shutdown
   */
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for an event deadline");
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      if (remaining > spinNanos) {
        LockSupport.parkNanos(this, remaining - spinNanos);
      } else if (spinners.incrementAndGet() <= maxSpinners) {
        try {
          spin(deadlineNanos);
        } finally {
          spinners.decrementAndGet();
        }
        return;
      } else {
        spinners.decrementAndGet();
        LockSupport.parkNanos(this, remaining);
      }
    }
  }

  private static void spin(long deadlineNanos) throws InterruptedException {
    while (deadlineNanos - System.nanoTime() > 0) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for an event deadline");
      }
      Thread.onSpinWait();
    }
  }
}
