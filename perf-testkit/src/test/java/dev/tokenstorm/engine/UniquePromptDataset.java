package dev.tokenstorm.engine;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Yields "request N" prompts, so a test can match client records to server truth by body. */
final class UniquePromptDataset implements Dataset {

  private final AtomicLong counter = new AtomicLong();

  @Override
  public String name() {
    return "unique";
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    return Stream.generate(() -> (Query) ChatQuery.ofUserText(marker(counter.getAndIncrement())))
        .iterator();
  }

  static String marker(long n) {
    return "request-" + n + "-end";
  }

  /** Returns the marker found in {@code body}. */
  static String markerIn(String body) {
    int start = body.indexOf("request-");
    int end = body.indexOf("-end", start);
    return body.substring(start, end + 4);
  }
}
