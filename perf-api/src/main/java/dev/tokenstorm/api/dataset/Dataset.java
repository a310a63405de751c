package dev.tokenstorm.api.dataset;

import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.util.Iterator;

/**
 * A named, lazy source of queries.
 *
 * <h2>Lifecycle</h2>
 *
 * The engine calls {@link #open} once per run of a sweep, before the first request, and pulls
 * queries one at a time as requests are dispatched. When the iterator runs out before the run
 * has its {@code number} of requests, the engine opens the dataset again and keeps going, so short
 * datasets repeat. If the returned iterator also implements {@link AutoCloseable}, the engine
 * closes it when the run ends, also on failure and cancellation.
 *
 * <h2>Threading</h2>
 *
 * {@code open} and the iterator are called from one thread at a time. Implementations must not
 * materialise all queries up front: a run of 1,000,000 requests must not need memory in proportion
 * to its length.
 *
 * <h2>Errors</h2>
 *
 * Bad input (a missing file, a malformed line the format cannot skip) throws
 * {@link IllegalArgumentException} or {@link IOException} whose message names the file, line or
 * parameter and says what to do. Lines a format allows skipping are reported through
 * {@link DatasetContext#warn(String)}.
 *
 * <p>Implementations found by name through {@link java.util.ServiceLoader} need a public no-argument
 * constructor.
 */
public interface Dataset {

  /** Returns the name the dataset is selected by, such as {@code line_by_line}. */
  String name();

  /**
   * Opens the dataset for one run.
   *
   * @return an iterator of queries; it may be infinite for generated datasets
   * @throws IOException if the source cannot be read
   */
  Iterator<Query> open(DatasetContext context) throws IOException;
}
