package dev.tokenstorm.datasets.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * An endless iterator of {@code generator.apply(start)}, {@code generator.apply(start + 1)}, ...
 * that computes up to {@code window} items ahead on a few background threads. Items come out in
 * index order, so the output does not depend on the thread count.
 *
 * <p>Generating random prompts means tokenizing; computing ahead keeps that off the thread that
 * sends requests. Lifecycle: {@link #close()} stops the threads; they are daemon threads, so an
 * iterator that is never closed does not keep the JVM alive.
 */
final class Lookahead<T> implements Iterator<T>, AutoCloseable {

  private final LongFunction<T> generator;
  private final ExecutorService executor;
  private final ArrayDeque<Future<T>> queue = new ArrayDeque<>();
  private final int window;
  private long nextIndex;

  Lookahead(LongFunction<T> generator, long start, int window, int threads, String name) {
    this.generator = generator;
    this.window = window;
    this.nextIndex = start;
    AtomicInteger count = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    fill();
  }

  /** Returns the thread count for background generation: the processors, at most 4. */
  static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  private void fill() {
    while (queue.size() < window) {
      long index = nextIndex++;
      queue.add(executor.submit(() -> generator.apply(index)));
    }
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public T next() {
    Future<T> head = queue.poll();
    fill();
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating a query", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("generating a query failed", e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
