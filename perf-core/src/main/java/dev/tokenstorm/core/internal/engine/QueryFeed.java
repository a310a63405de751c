package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the dataset's queries one at a time to many request threads. When the dataset runs
 * out, it is opened again, so short datasets repeat; a dataset that yields nothing fails the run.
 *
 * <p>Thread-safe: {@link #next()} is synchronized, and the dataset's iterator is only touched
 * under that lock.
 */
final class QueryFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryFeed.class);

  private final Dataset dataset;
  private final DatasetContext context;
  private Iterator<Query> current;
  private long served;
  private int passes = 1;

  QueryFeed(Dataset dataset, DatasetContext context) {
    this.dataset = dataset;
    this.context = context;
    this.current = open();
  }

  /** Returns the next query; reopens the dataset when it is exhausted. */
  synchronized Query next() {
    if (!current.hasNext()) {
      closeQuietly(current);
      if (served == 0) {
        throw new PerfRunException("dataset", "dataset '" + dataset.name()
            + "' yielded no queries; check datasetPath and the prompt-length filters ("
            + context.minPromptLength() + ".." + context.maxPromptLength() + ")");
      }
      passes++;
      log.debug("Dataset '{}' exhausted after {} queries; starting pass {}", dataset.name(), served,
          passes);
      current = open();
      if (!current.hasNext()) {
        throw new PerfRunException("dataset", "dataset '" + dataset.name()
            + "' yielded no queries when reopened");
      }
    }
    served++;
    return current.next();
  }

  /** Returns how many times the dataset was opened. */
  synchronized int passes() {
    return passes;
  }

  @Override
  public synchronized void close() {
    closeQuietly(current);
  }

  private Iterator<Query> open() {
    try {
      return dataset.open(context);
    } catch (IOException e) {
      throw new PerfRunException("dataset", "dataset '" + dataset.name() + "' could not be read: "
          + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new PerfRunException("dataset", "dataset '" + dataset.name() + "' could not be read: "
          + e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PerfRunException("dataset", e.getMessage(), e);
    }
  }

  private static void closeQuietly(Iterator<Query> iterator) {
    if (iterator instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("Closing the dataset iterator failed", e);
      }
    }
  }
}
