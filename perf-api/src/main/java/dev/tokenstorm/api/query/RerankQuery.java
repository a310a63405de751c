package dev.tokenstorm.api.query;

import java.util.List;
import java.util.Objects;

/**
 * Input for a rerank endpoint.
 *
 * @param query the query text
 * @param documents the documents to score against the query; not empty
 */
public record RerankQuery(String query, List<String> documents) implements Query {
  public RerankQuery {
    Objects.requireNonNull(query, "query");
    documents = List.copyOf(Objects.requireNonNull(documents, "documents"));
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("documents must not be empty");
    }
  }
}
