package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.core.internal.config.SweepPoint;
import dev.tokenstorm.core.time.PerfClock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches the requests of one phase (warmup or measured) under one load model and waits for
 * them to finish.
 *
 * <p>Closed loop: {@code parallel} worker virtual threads each send their next request only after
 * the previous one completed. Unpaced, a worker takes the next index at once; paced, a scheduler
 * thread releases tickets on a Poisson schedule into a queue of {@code parallel x
 * queueSizeMultiplier} slots and workers take them in order, so a request's queue time (scheduled
 * to sent) shows when the workers could not keep up.
 *
 * <p>Open loop: the scheduler thread starts a virtual thread for each request at its scheduled
 * time, whatever the server does. With a cap, a request waits for one of {@code parallel} permits
 * before it is sent, and the wait counts as queue time.
 */
/*
 * Scheduling notes for maintainers. The schedule is absolute: arrival i is t0 + the sum of i+1
 * gaps from PoissonSchedule, so a late wake-up never shifts later arrivals; it only shows as
 * queue time of the late request. The scheduler is a platform thread because virtual threads can
 * be descheduled behind busy request threads, which would add lag; its waits park until about
 * 200 microseconds before the deadline and spin after that (see the system PerfClock).
 */
final class LoadPhase {

  private static final Logger log = LoggerFactory.getLogger(LoadPhase.class);

  /** Called for each completed request. */
  interface Completion {
    void accept(RequestRecord record) throws InterruptedException;
  }

  private final RequestExecutor executor;
  private final PerfClock clock;
  private final SweepPoint point;
  private final boolean openLoop;
  private final int count;
  private final boolean warmup;
  private final @Nullable Duration duration;
  private final int queueSizeMultiplier;
  private final long scheduleSeed;
  private final Completion completion;
  private final LongConsumer onSent;
  private final StopSignal stop;

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong dispatched = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong unsent = new AtomicLong();
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
  // Request threads that have not finished yet; each removes itself, so an open loop of a million
  // requests does not keep a million finished threads reachable.
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile long deadlineNanos = Long.MAX_VALUE;

  LoadPhase(RequestExecutor executor, PerfClock clock, SweepPoint point, boolean openLoop,
      int count, boolean warmup, @Nullable Duration duration, int queueSizeMultiplier,
      long scheduleSeed, Completion completion, LongConsumer onSent, StopSignal stop) {
    this.executor = executor;
    this.clock = clock;
    this.point = point;
    this.openLoop = openLoop;
    this.count = count;
    this.warmup = warmup;
    this.duration = duration;
    this.queueSizeMultiplier = queueSizeMultiplier;
    this.scheduleSeed = scheduleSeed;
    this.completion = completion;
    this.onSent = onSent;
    this.stop = stop;
  }

  /**
   * Runs the phase to the end: all requests sent (or the duration passed, or the run stopped) and
   * every in-flight request completed.
   *
   * @throws PerfRunException if the dataset failed during the phase
   */
  void run() throws InterruptedException {
    if (count <= 0) {
      return;
    }
    long start = clock.nanoTime();
    if (duration != null) {
      deadlineNanos = start + duration.toNanos();
    }
    if (openLoop) {
      runOpenLoop(start);
    } else if (point.paced()) {
      runPacedClosedLoop(start);
    } else {
      runUnpacedClosedLoop();
    }
    awaitThreads();
    RuntimeException failure = fatal.get();
    if (failure != null) {
      throw failure;
    }
  }

  long inFlight() {
    return inFlight.get();
  }

  long dispatched() {
    return dispatched.get();
  }

  /**
   * Returns requests that were due but never sent because dispatch stopped (duration reached,
   * run cancelled or failed) while they waited for a worker or an in-flight slot.
   */
  long unsent() {
    return unsent.get();
  }

  /** Returns requests abandoned in flight because the run was cancelled. */
  long abandoned() {
    return abandoned.get();
  }

  private void runUnpacedClosedLoop() {
    AtomicLong next = new AtomicLong();
    int workers = Math.min(point.parallel(), count);
    for (int w = 0; w < workers; w++) {
      startThread(() -> {
        while (canDispatch()) {
          long index = next.getAndIncrement();
          if (index >= count) {
            return;
          }
          send(index, -1);
        }
      });
    }
  }

  private void runPacedClosedLoop(long start) throws InterruptedException {
    int capacity = Math.max(1, point.parallel() * queueSizeMultiplier);
    BlockingQueue<long[]> tickets = new ArrayBlockingQueue<>(capacity);
    AtomicBoolean scheduled = new AtomicBoolean();
    int workers = Math.min(point.parallel(), count);
    for (int w = 0; w < workers; w++) {
      startThread(() -> {
        while (true) {
          long[] ticket;
          try {
            ticket = tickets.poll(20, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          if (ticket == null) {
            // The scheduler sets the flag only after its last put, so an empty queue seen after
            // the flag means no ticket will come.
            if (scheduled.get() && tickets.isEmpty() || !canDispatch()) {
              return;
            }
            continue;
          }
          if (!canDispatch()) {
            unsent.incrementAndGet();
            return;
          }
          send(ticket[0], ticket[1]);
        }
      });
    }
    Thread scheduler = Thread.ofPlatform().name("tokenstorm-scheduler").start(() -> {
      try {
        PoissonSchedule schedule = new PoissonSchedule(point.rate(), count, scheduleSeed);
        for (long i = 0; i < count; i++) {
          long due = start + schedule.nextOffsetNanos();
          if (!waitUntil(due)) {
            break;
          }
          while (!tickets.offer(new long[] {i, due}, 20, TimeUnit.MILLISECONDS)) {
            if (!canDispatch()) {
              unsent.incrementAndGet();
              return;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        scheduled.set(true);
      }
    });
    joinScheduler(scheduler);
    awaitThreads();
    // Tickets left in the queue were released on schedule but no worker took them in time.
    unsent.addAndGet(tickets.size());
  }

  private void runOpenLoop(long start) throws InterruptedException {
    Semaphore permits = point.capped() ? new Semaphore(point.parallel()) : null;
    Thread scheduler = Thread.ofPlatform().name("tokenstorm-scheduler").start(() -> {
      PoissonSchedule schedule = new PoissonSchedule(point.rate(), count, scheduleSeed);
      try {
        for (long i = 0; i < count; i++) {
          long due = start + schedule.nextOffsetNanos();
          if (!waitUntil(due)) {
            break;
          }
          long index = i;
          startThread(() -> {
            if (permits == null) {
              send(index, due);
              return;
            }
            try {
              permits.acquire();
            } catch (InterruptedException e) {
              unsent.incrementAndGet();
              Thread.currentThread().interrupt();
              return;
            }
            try {
              if (canDispatch()) {
                send(index, due);
              } else {
                unsent.incrementAndGet();
              }
            } finally {
              permits.release();
            }
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    joinScheduler(scheduler);
  }

  private void joinScheduler(Thread scheduler) throws InterruptedException {
    try {
      scheduler.join();
    } catch (InterruptedException e) {
      // The request threads must not outlive the phase and keep using a transport that is about
      // to close.
      scheduler.interrupt();
      threads.forEach(Thread::interrupt);
      throw e;
    }
  }

  /** Waits for the due time; returns false when dispatch must stop instead. */
  private boolean waitUntil(long due) throws InterruptedException {
    if (!canDispatch()) {
      return false;
    }
    long deadline = deadlineNanos;
    clock.sleepUntil(Math.min(due, deadline));
    return canDispatch();
  }

  private boolean canDispatch() {
    return !stop.stopped() && fatal.get() == null && clock.nanoTime() < deadlineNanos;
  }

  private void send(long index, long scheduledNanos) {
    inFlight.incrementAndGet();
    dispatched.incrementAndGet();
    try {
      RequestRecord record = executor.execute(index, scheduledNanos, warmup,
          () -> onSent.accept(index));
      inFlight.decrementAndGet();
      completion.accept(record);
    } catch (InterruptedException e) {
      inFlight.decrementAndGet();
      abandoned.incrementAndGet();
      Thread.currentThread().interrupt();
    } catch (PerfRunException e) {
      inFlight.decrementAndGet();
      if (fatal.compareAndSet(null, e)) {
        log.error("Stopping the run: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      fatal.compareAndSet(null, new PerfRunException("engine",
          "request " + index + " failed unexpectedly: " + e, e));
    }
  }

  private void startThread(Runnable task) {
    Thread thread = Thread.ofVirtual().name("tokenstorm-request").unstarted(() -> {
      try {
        task.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    });
    threads.add(thread);
    thread.start();
  }

  /**
   * Waits for every request thread. After a cancellation the wait is bounded by the stop
   * signal's grace period; threads still running then are interrupted, which aborts their
   * exchanges.
   */
  private void awaitThreads() throws InterruptedException {
    while (true) {
      Iterator<Thread> running = threads.iterator();
      if (!running.hasNext()) {
        return;
      }
      Thread thread = running.next();
      if (stop.stopped()) {
        long remaining = stop.graceDeadlineNanos() - System.nanoTime();
        if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
          abortAfterGrace();
          return;
        }
      } else {
        thread.join(Duration.ofMillis(50));
      }
    }
  }

  /** Interrupts every request thread, which aborts its exchange, and waits up to 5 s for them. */
  private void abortAfterGrace() throws InterruptedException {
    threads.forEach(Thread::interrupt);
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (Thread thread : threads) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
        log.warn("{} request threads did not stop within 5 s after being interrupted",
            threads.size());
        return;
      }
    }
  }
}
