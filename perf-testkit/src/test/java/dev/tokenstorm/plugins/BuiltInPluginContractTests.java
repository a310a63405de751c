package dev.tokenstorm.plugins;

import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.testkit.contract.ApiPluginContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** Every built-in API plugin passes {@link ApiPluginContract}. */
class BuiltInPluginContractTests {

  private static final ChatQuery CHAT = ChatQuery.ofUserText("hello there");
  private static final PromptQuery PROMPT = new PromptQuery("hello there");
  private static final EmbeddingQuery EMBEDDING = new EmbeddingQuery(List.of("a b", "c"));
  private static final RerankQuery RERANK = new RerankQuery("q", List.of("d1", "d2"));
  private static final TokenIdsQuery TOKEN_IDS = new TokenIdsQuery(new int[] {1, 2, 3});

  @Nested
  class OpenAiPluginContractTest extends ApiPluginContract {
    @Override
    protected ApiPlugin plugin() {
      return load("openai");
    }

    @Override
    protected List<Query> supportedQueries() {
      return List.of(CHAT, PROMPT, TOKEN_IDS, RawBodyQuery.of("{\"messages\":[]}"));
    }

    @Override
    protected List<Query> unsupportedQueries() {
      return List.of(EMBEDDING, RERANK);
    }

    @Override
    protected SampleResponse sampleResponse() {
      return SampleResponse.events(
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}",
          "[DONE]");
    }
  }

  @Nested
  class ResponsesPluginContractTest extends ApiPluginContract {
    @Override
    protected ApiPlugin plugin() {
      return load("openai_responses");
    }

    @Override
    protected List<Query> supportedQueries() {
      return List.of(CHAT, PROMPT, RawBodyQuery.of("{\"messages\":[]}"),
          new ChatQuery(List.of(ChatMessage.system("be brief"), ChatMessage.user("hi"))));
    }

    @Override
    protected List<Query> unsupportedQueries() {
      return List.of(EMBEDDING, RERANK, TOKEN_IDS);
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

  @Nested
  class EmbeddingPluginContractTest extends ApiPluginContract {
    @Override
    protected ApiPlugin plugin() {
      return load("openai_embedding");
    }

    @Override
    protected List<Query> supportedQueries() {
      return List.of(EMBEDDING, PROMPT, CHAT, TOKEN_IDS, RawBodyQuery.of("{\"input\":\"x\"}"));
    }

    @Override
    protected List<Query> unsupportedQueries() {
      return List.of(RERANK);
    }

    @Override
    protected SampleResponse sampleResponse() {
      return SampleResponse.body("{\"data\":[{\"embedding\":[0.1,0.2]}],"
          + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
    }
  }

  @Nested
  class RerankPluginContractTest extends ApiPluginContract {
    @Override
    protected ApiPlugin plugin() {
      return load("openai_rerank");
    }

    @Override
    protected List<Query> supportedQueries() {
      return List.of(RERANK, PROMPT,
          new ChatQuery(List.of(ChatMessage.user("q"), ChatMessage.user("d"))));
    }

    @Override
    protected List<Query> unsupportedQueries() {
      return List.of(EMBEDDING, TOKEN_IDS, CHAT);
    }

    @Override
    protected SampleResponse sampleResponse() {
      return SampleResponse.body("{\"results\":[{\"index\":0,\"relevance_score\":0.9}],"
          + "\"usage\":{\"total_tokens\":4}}");
    }
  }

  @Nested
  class DashScopePluginContractTest extends ApiPluginContract {
    @Override
    protected ApiPlugin plugin() {
      return load("dashscope");
    }

    @Override
    protected List<Query> supportedQueries() {
      return List.of(CHAT, PROMPT, RawBodyQuery.of("{\"input\":{\"messages\":[]}}"));
    }

    @Override
    protected List<Query> unsupportedQueries() {
      return List.of(EMBEDDING, RERANK, TOKEN_IDS);
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
}
