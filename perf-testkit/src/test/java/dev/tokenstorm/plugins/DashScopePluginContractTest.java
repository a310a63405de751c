package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;

/** The built-in {@code dashscope} plugin passes {@link ApiPluginContract}. */
class DashScopePluginContractTest extends ApiPluginContract {
  @Override
  protected ApiPlugin plugin() {
    return load("dashscope");
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(ContractQueries.CHAT, ContractQueries.PROMPT, RawBodyQuery.of("{\"input\":{\"messages\":[]}}"));
  }

  @Override
  protected List<Query> unsupportedQueries() {
    return List.of(ContractQueries.EMBEDDING, ContractQueries.RERANK, ContractQueries.TOKEN_IDS);
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.events(
        "{\"output\":{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"null\"}]},"
            + "\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}",
        "{\"output\":{\"choices\":[{\"message\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]},"
            + "\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}");
  }
}
