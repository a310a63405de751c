package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;

/** The built-in {@code openai_embedding} plugin passes {@link ApiPluginContract}. */
class EmbeddingPluginContractTest extends ApiPluginContract {
  @Override
  protected ApiPlugin plugin() {
    return load("openai_embedding");
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(ContractQueries.EMBEDDING, ContractQueries.PROMPT, ContractQueries.CHAT, ContractQueries.TOKEN_IDS, RawBodyQuery.of("{\"input\":\"x\"}"));
  }

  @Override
  protected List<Query> unsupportedQueries() {
    return List.of(ContractQueries.RERANK);
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.body("{\"data\":[{\"embedding\":[0.1,0.2]}],"
        + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
  }
}
