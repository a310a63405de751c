package dev.tokenstorm.core.time;

import java.util.concurrent.locks.LockSupport;

/**
 * The system clock. Sleeps park until shortly before the deadline, then spin, because a parked
 * thread can wake a millisecond or more late and schedules must hold to well under that.
 */
final class SystemPerfClock implements PerfClock {

  static final SystemPerfClock INSTANCE = new SystemPerfClock();

  /** Below this remaining time the sleep spins instead of parking. */
  private static final long SPIN_THRESHOLD_NANOS = 200_000;

  private SystemPerfClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for a scheduled time");
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      if (remaining > SPIN_THRESHOLD_NANOS) {
        LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS);
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
