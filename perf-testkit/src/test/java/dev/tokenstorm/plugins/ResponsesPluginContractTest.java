package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;

/** The built-in {@code openai_responses} plugin passes {@link ApiPluginContract}. */
class ResponsesPluginContractTest extends ApiPluginContract {
  @Override
  protected ApiPlugin plugin() {
    return load("openai_responses");
  }

  @Override
  protected List<Query> supportedQueries() {
    return List.of(ContractQueries.CHAT, ContractQueries.PROMPT, RawBodyQuery.of("{\"messages\":[]}"),
        new ChatQuery(List.of(ChatMessage.system("be brief"), ChatMessage.user("hi"))));
  }

  @Override
  protected List<Query> unsupportedQueries() {
    return List.of(ContractQueries.EMBEDDING, ContractQueries.RERANK, ContractQueries.TOKEN_IDS);
  }

  @Override
  protected SampleResponse sampleResponse() {
    return SampleResponse.events(
        "{\"type\":\"response.created\",\"response\":{}}",
        "{\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}",
        "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\","
            + "\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}}");
  }
}
