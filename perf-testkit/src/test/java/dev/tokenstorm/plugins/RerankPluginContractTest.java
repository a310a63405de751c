package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;

/** The built-in {@code openai_rerank} plugin passes {@link ApiPluginContract}. */
class RerankPluginContractTest extends ApiPluginContract {
  @Override
  protected ApiPlugin plugin() {
    return load("openai_rerank");
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(ContractQueries.RERANK, ContractQueries.PROMPT,
        new ChatQuery(List.of(ChatMessage.user("q"), ChatMessage.user("d"))));
  }

  @Override
  protected List<Query> unsupportedQueries() {
    return List.of(ContractQueries.EMBEDDING, ContractQueries.TOKEN_IDS, ContractQueries.CHAT);
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.body("{\"results\":[{\"index\":0,\"relevance_score\":0.9}],"
        + "\"usage\":{\"total_tokens\":4}}");
  }
}
