package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;

/** The built-in {@code openai} plugin passes {@link ApiPluginContract}. */
class OpenAiPluginContractTest extends ApiPluginContract {
  @Override
  protected ApiPlugin plugin() {
    return load("openai");
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(ContractQueries.CHAT, ContractQueries.PROMPT, ContractQueries.TOKEN_IDS, RawBodyQuery.of("{\"messages\":[]}"));
  }

  @Override
  protected List<Query> unsupportedQueries() {
    return List.of(ContractQueries.EMBEDDING, ContractQueries.RERANK);
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.events(
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}",
        "[DONE]");
  }
}
