package dev.tokenstorm.testkit.server.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeps until absolute {@link System#nanoTime()} deadlines. Thread-safe; one per server.
 *
 * <p>A parked virtual thread can wake tens of microseconds to a millisecond late, so when few
 * threads are waiting, a sleep parks until {@code spinNanos} before the deadline and spins for the
 * rest. Spinning occupies a carrier thread, though, and each extra wake-up costs a timer and a
 * context switch; so at most {@code maxSpinners} threads spin at once, and when more than {@code
 * spinWhileAtMostWaiting} threads are waiting (a load test with many streams), every sleep parks
 * once, straight to its deadline, trading some precision for throughput.
 */
public final class Pacer {

  private final long spinNanos;
  private final int maxSpinners;
  private final int spinWhileAtMostWaiting;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger spinners = new AtomicInteger();

  /**
   * Creates a pacer.
   *
   * @param spinNanos how long before a deadline to stop parking and spin; 0 never spins
   * @param maxSpinners how many threads may spin at once
   * @param spinWhileAtMostWaiting above this many waiting threads, no thread spins
   */
  public Pacer(long spinNanos, int maxSpinners, int spinWhileAtMostWaiting) {
    this.spinNanos = spinNanos;
    this.maxSpinners = maxSpinners;
    this.spinWhileAtMostWaiting = spinWhileAtMostWaiting;
  }

  /**
   * Returns when {@link System#nanoTime()} has reached {@code deadlineNanos}.
   *
   * @throws InterruptedException if the thread is interrupted, for example by server shutdown
   */
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    if (deadlineNanos - System.nanoTime() <= 0) {
      checkInterrupt();
      return;
    }
    boolean spin = spinNanos > 0 && waiting.incrementAndGet() <= spinWhileAtMostWaiting;
    try {
      while (true) {
        checkInterrupt();
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        if (spin && remaining <= spinNanos) {
          if (spinners.incrementAndGet() <= maxSpinners) {
            try {
              spin(deadlineNanos);
              return;
            } finally {
              spinners.decrementAndGet();
            }
          }
          spinners.decrementAndGet();
          spin = false;
        }
        LockSupport.parkNanos(this, spin ? remaining - spinNanos : remaining);
      }
    } finally {
      if (spinNanos > 0) {
        waiting.decrementAndGet();
      }
    }
  }

  private static void spin(long deadlineNanos) throws InterruptedException {
    while (deadlineNanos - System.nanoTime() > 0) {
      checkInterrupt();
      Thread.onSpinWait();
    }
  }

  private static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for an event deadline");
    }
  }
}
