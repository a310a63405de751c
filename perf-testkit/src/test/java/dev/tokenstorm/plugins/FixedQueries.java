package dev.tokenstorm.plugins;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Yields the given queries in order, over and over. */
final class FixedQueries implements Dataset {

  private final List<Query> queries;

  FixedQueries(Query... queries) {
    this.queries = List.of(queries);
  }

  @Override
  public String name() {
    return "fixed";
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    return Stream.iterate(0, i -> i + 1).map(i -> queries.get(i % queries.size())).iterator();
  }
}
