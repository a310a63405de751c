package dev.tokenstorm.plugins;

import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import java.util.List;

/** Queries shared by the built-in plugins' contract tests. */
final class ContractQueries {

  static final ChatQuery CHAT = ChatQuery.ofUserText("hello there");
  static final PromptQuery PROMPT = new PromptQuery("hello there");
  static final EmbeddingQuery EMBEDDING = new EmbeddingQuery(List.of("a b", "c"));
  static final RerankQuery RERANK = new RerankQuery("q", List.of("d1", "d2"));
  static final TokenIdsQuery TOKEN_IDS = new TokenIdsQuery(new int[] {1, 2, 3});

  private ContractQueries() {}
}
