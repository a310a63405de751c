package dev.tokenstorm.testkit.server.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets at most {@code capacity} requests generate at once; the others wait in arrival (FIFO) order.
 * The capacity can change at any time. Raising it admits waiting requests at once, and lowering it
 * admits no new request until enough requests have finished. Thread-safe.
 */
public final class CapacityGate {

  /** The capacity meaning "no limit". */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private int capacity;
  private int active;
  private int peakActive;

  /** Creates a gate; {@code capacity} at least 1, or {@link #UNLIMITED}. */
  public CapacityGate(int capacity) {
    this.capacity = checkCapacity(capacity);
  }

  /**
   * Blocks until the caller may generate; the caller must then call {@link #release()} exactly
   * once.
   *
   * @throws InterruptedException if interrupted while waiting; the caller then holds no slot
   */
  public void acquire() throws InterruptedException {
    Waiter waiter;
    lock.lock();
    try {
      if (waiting.isEmpty() && active < capacity) {
        admitOne();
        return;
      }
      waiter = new Waiter(Thread.currentThread());
      waiting.addLast(waiter);
    } finally {
      lock.unlock();
    }
    while (!waiter.admitted) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        abandon(waiter);
        throw new InterruptedException("interrupted while waiting for capacity");
      }
    }
  }

  /** Frees the caller's slot and admits the next waiting request, if any. */
  public void release() {
    lock.lock();
    try {
      active--;
      admitWaiting();
    } finally {
      lock.unlock();
    }
  }

  /** Changes the capacity: at least 1, or {@link #UNLIMITED}. */
  public void setCapacity(int newCapacity) {
    checkCapacity(newCapacity);
    lock.lock();
    try {
      capacity = newCapacity;
      admitWaiting();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the capacity, {@link #UNLIMITED} for none. */
  public int capacity() {
    lock.lock();
    try {
      return capacity;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many requests wait for a slot now. */
  public int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the peak number of slots in use since creation or the last {@link #resetPeak()}. */
  public int peakActive() {
    lock.lock();
    try {
      return peakActive;
    } finally {
      lock.unlock();
    }
  }

  /** Sets the peak to the number of slots in use now. */
  public void resetPeak() {
    lock.lock();
    try {
      peakActive = active;
    } finally {
      lock.unlock();
    }
  }

  private void abandon(Waiter waiter) {
    lock.lock();
    try {
      if (waiter.admitted) {
        // Admitted between the wake-up and the interrupt check: give the slot back.
        active--;
        admitWaiting();
      } else {
        waiting.remove(waiter);
      }
    } finally {
      lock.unlock();
    }
  }

  private void admitWaiting() {
    while (active < capacity && !waiting.isEmpty()) {
      Waiter next = waiting.pollFirst();
      admitOne();
      next.admitted = true;
      LockSupport.unpark(next.thread);
    }
  }

  private void admitOne() {
    active++;
    peakActive = Math.max(peakActive, active);
  }

  private static int checkCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    return capacity;
  }

  private static final class Waiter {
    final Thread thread;
    volatile boolean admitted;

    Waiter(Thread thread) {
      this.thread = thread;
    }
  }
}
