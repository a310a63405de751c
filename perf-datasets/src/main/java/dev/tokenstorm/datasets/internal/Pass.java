package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.query.Query;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** One lazy read of a dataset's source from the start, yielding the queries that pass its filters. */
interface Pass extends Iterator<Query>, Closeable {

  /** Opens a new pass over the source. */
  @FunctionalInterface
  interface Opener {
    Pass open() throws IOException;
  }

  /** Returns a pass over {@code queries} that closes {@code resource}. */
  static Pass of(Iterator<Query> queries, Closeable resource) {
    return new Pass() {
      @Override
      public boolean hasNext() {
        return queries.hasNext();
      }

      @Override
      public Query next() {
        if (!queries.hasNext()) {
          throw new NoSuchElementException();
        }
        return queries.next();
      }

      @Override
      public void close() throws IOException {
        resource.close();
      }
    };
  }
}
