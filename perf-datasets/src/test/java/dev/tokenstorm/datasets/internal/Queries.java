package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Helpers that read queries from datasets in tests. */
final class Queries {

  private Queries() {}

  /** Opens {@code dataset} and takes up to {@code limit} queries, closing the iterator. */
  static List<Query> take(Dataset dataset, DatasetContext context, int limit) throws IOException {
    Iterator<Query> iterator = dataset.open(context);
    try {
      List<Query> queries = new ArrayList<>();
      while (queries.size() < limit && iterator.hasNext()) {
        queries.add(iterator.next());
      }
      return queries;
    } finally {
      if (iterator instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
  }

  /** Returns every query of one open of a finite dataset. */
  static List<Query> all(Dataset dataset, DatasetContext context) throws IOException {
    return take(dataset, context, 1_000_000);
  }

  /** Returns the text of a chat query's last message or of a prompt query. */
  static String text(Query query) {
    return switch (query) {
      case ChatQuery chat -> chat.messages().get(chat.messages().size() - 1).text();
      case PromptQuery prompt -> prompt.prompt();
      default -> throw new AssertionError("not a text query: " + query);
    };
  }

  /** Returns the texts of the queries. */
  static List<String> texts(List<Query> queries) {
    return queries.stream().map(Queries::text).toList();
  }
}
