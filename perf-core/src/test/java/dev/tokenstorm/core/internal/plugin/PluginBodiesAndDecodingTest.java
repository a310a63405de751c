package dev.tokenstorm.core.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.core.internal.plugin.dashscope.DashScopePlugin;
import dev.tokenstorm.core.internal.plugin.embedding.EmbeddingPlugin;
import dev.tokenstorm.core.internal.plugin.rerank.RerankPlugin;
import dev.tokenstorm.core.internal.plugin.responses.ResponsesPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request bodies and response decoding of the responses, embedding, rerank and dashscope plugins. */
@Timeout(10)
class PluginBodiesAndDecodingTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static RequestContext context(boolean stream, Map<String, Object> extraArgs,
      String template) {
    GenerationOptions options = new GenerationOptions("m", 8, 8, null, null, null, null, null, 5L,
        List.of("END"), List.of(), stream, 0.5, 0.9, 20, extraArgs, template, false);
    RandomGenerator random = new SplittableRandom(1);
    return new RequestContext() {
      @Override
      public GenerationOptions options() {
        return options;
      }

      @Override
      public RandomGenerator random() {
        return random;
      }

      @Override
      public Optional<Tokenizer> tokenizer() {
        return Optional.empty();
      }
    };
  }

  private static JsonNode body(PluginRequest request) throws Exception {
    return MAPPER.readTree(request.body());
  }

  // ------------------------------------------------------------------ responses

  @Test
  void responsesBodyNormalisesImagePartsAndMapsMaxTokens() throws Exception {
    ChatQuery query = new ChatQuery(List.of(new ChatMessage("user", List.of(
        new ContentPart.Text("what is this"), ContentPart.Image.of("data:image/png;base64,AA")))));
    JsonNode body = body(new ResponsesPlugin().buildRequest(query, context(true, Map.of(), null)));

    JsonNode parts = body.path("input").get(0).path("content");
    assertThat(parts.get(0).path("type").asText()).isEqualTo("input_text");
    assertThat(parts.get(1).path("type").asText()).isEqualTo("input_image");
    assertThat(parts.get(1).path("image_url").asText()).isEqualTo("data:image/png;base64,AA");
    assertThat(parts.get(1).path("detail").asText()).isEqualTo("auto");
    assertThat(body.path("max_output_tokens").asInt()).isEqualTo(8);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.has("seed")).isFalse();
    assertThat(body.has("stop")).isFalse();
  }

  @Test
  void responsesRawBodyMovesMessagesToInputAndKeepsItsValues() throws Exception {
    RawBodyQuery raw = RawBodyQuery.of("{\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"hi\"}]}],\"temperature\":1.0,\"__evalscope_x\":1}");
    JsonNode body = body(new ResponsesPlugin().buildRequest(raw, context(true, Map.of(), null)));

    assertThat(body.has("messages")).isFalse();
    assertThat(body.path("input").get(0).path("content").get(0).path("type").asText())
        .isEqualTo("input_text");
    assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
    assertThat(body.has("__evalscope_x")).isFalse();
  }

  @Test
  void responsesTemplateSubstitutesModelAndPrompt() throws Exception {
    String template = "{\"model\":\"%m-x\",\"input\":[{\"role\":\"user\",\"content\":\"%p!\"}]}";
    JsonNode body = body(new ResponsesPlugin().buildRequest(new PromptQuery("hey"),
        context(false, Map.of(), template)));

    assertThat(body.path("model").asText()).isEqualTo("m-x");
    assertThat(body.path("input").get(0).path("content").asText()).isEqualTo("hey!");
  }

  @Test
  void responsesEventsCoverEveryOutputKind() {
    Recorded recorded = decodeEvents(new ResponsesPlugin(),
        "{\"type\":\"response.reasoning_summary_text.delta\",\"delta\":\"r\"}",
        "{\"type\":\"response.output_text.delta\",\"delta\":\"a\"}",
        "{\"type\":\"response.refusal.delta\",\"delta\":\"no\"}",
        "{\"type\":\"response.function_call_arguments.delta\",\"delta\":\"{\\\"x\\\"\"}",
        "{\"type\":\"response.output_text.delta\",\"delta\":\"\"}",
        "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":4,"
            + "\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":2},"
            + "\"input_tokens_details\":{\"cached_tokens\":1}}}}");

    assertThat(recorded.kinds).containsExactly(TokenKind.REASONING, TokenKind.CONTENT,
        TokenKind.REFUSAL, TokenKind.TOOL_CALL);
    assertThat(recorded.usage.promptTokens()).hasValue(4);
    assertThat(recorded.usage.completionTokens()).hasValue(9);
    assertThat(recorded.usage.reasoningTokens()).hasValue(2);
    assertThat(recorded.usage.cachedTokens()).hasValue(1);
    assertThat(recorded.done).isTrue();
    assertThat(recorded.failure).isNull();
  }

  @Test
  void responsesFailedAndIncompleteFailWithTheReason() {
    assertThat(decodeEvents(new ResponsesPlugin(),
        "{\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"server_error\","
            + "\"message\":\"boom\"}}}").failure).isEqualTo("response failed: boom (server_error)");
    assertThat(decodeEvents(new ResponsesPlugin(),
        "{\"type\":\"response.incomplete\",\"response\":{\"incomplete_details\":"
            + "{\"reason\":\"content_filter\"}}}").failure)
        .isEqualTo("response incomplete: content_filter");
    assertThat(decodeEvents(new ResponsesPlugin(),
        "{\"type\":\"error\",\"code\":\"rate_limit\",\"message\":\"slow down\"}").failure)
        .isEqualTo("slow down (rate_limit)");
  }

  // ------------------------------------------------------------------ embedding

  @Test
  void embeddingBase64OfWrongLengthFails() {
    Recorded recorded = decodeBody(new EmbeddingPlugin(),
        "{\"data\":[{\"embedding\":\"AAAAAAA=\"}],\"usage\":{\"total_tokens\":2}}");
    assertThat(recorded.failure).contains("item 0");
  }

  @Test
  void embeddingUsageFallsBackToTotalTokens() {
    Recorded recorded = decodeBody(new EmbeddingPlugin(),
        "{\"data\":[{\"embedding\":\"AAAAAAAAAAA=\"},{\"embedding\":\"AAAAAAAAAAA=\"}],"
            + "\"usage\":{\"total_tokens\":7}}");
    assertThat(recorded.failure).isNull();
    assertThat(recorded.resultText).isEqualTo("embedding_dim=2, count=2");
    assertThat(recorded.usage.promptTokens()).hasValue(7);
    assertThat(recorded.usage.completionTokens()).hasValue(0);
  }

  @Test
  void embeddingExtraArgsAndChatMessagesShapeTheBody() throws Exception {
    ChatQuery chat = new ChatQuery(List.of(ChatMessage.user("one"), ChatMessage.user("two")));
    JsonNode body = body(new EmbeddingPlugin().buildRequest(chat,
        context(false, Map.of("encoding_format", "base64", "dimensions", 4), null)));
    assertThat(body.path("input")).hasSize(2);
    assertThat(body.path("encoding_format").asText()).isEqualTo("base64");
    assertThat(body.path("dimensions").asInt()).isEqualTo(4);
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("max_tokens")).isFalse();
  }

  // ------------------------------------------------------------------ rerank

  @Test
  void rerankDecodesVllmScoreShape() {
    Recorded recorded = decodeBody(new RerankPlugin(),
        "{\"object\":\"list\",\"data\":[{\"index\":0,\"object\":\"score\",\"score\":0.25}],"
            + "\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");
    assertThat(recorded.resultText).isEqualTo("top_score=0.2500, num_results=1");
    assertThat(recorded.usage.promptTokens()).hasValue(6);
  }

  @Test
  void rerankResultWithoutScoreFails() {
    Recorded recorded = decodeBody(new RerankPlugin(), "{\"results\":[{\"index\":0}]}");
    assertThat(recorded.failure).contains("rerank result 0 has no relevance_score or score");
  }

  @Test
  void rerankBodyHasQueryDocumentsAndModel() throws Exception {
    JsonNode body = body(new RerankPlugin().buildRequest(
        new RerankQuery("q", List.of("a", "b")), context(false, Map.of("top_n", 1), null)));
    assertThat(body.path("query").asText()).isEqualTo("q");
    assertThat(body.path("documents")).hasSize(2);
    assertThat(body.path("model").asText()).isEqualTo("m");
    assertThat(body.path("top_n").asInt()).isEqualTo(1);
  }

  @Test
  void rerankUrlDefaultsToRerankAndAcceptsReranks() {
    List<String> warnings = new ArrayList<>();
    RerankPlugin plugin = new RerankPlugin();
    assertThat(plugin.resolveUrl("http://127.0.0.1:1/v1/", warnings::add))
        .isEqualTo("http://127.0.0.1:1/v1/rerank");
    assertThat(warnings).hasSize(1);
    assertThat(plugin.resolveUrl("http://127.0.0.1:1/v1/reranks", warnings::add))
        .isEqualTo("http://127.0.0.1:1/v1/reranks");
    assertThat(warnings).hasSize(1);
  }

  // ------------------------------------------------------------------ dashscope

  @Test
  void dashScopeBodyPutsGenerationSettingsInParameters() throws Exception {
    PluginRequest request = new DashScopePlugin().buildRequest(ChatQuery.ofUserText("hi"),
        context(true, Map.of("enable_search", true), null));
    JsonNode body = body(request);
    JsonNode parameters = body.path("parameters");

    assertThat(body.path("input").path("messages").get(0).path("content").asText()).isEqualTo("hi");
    assertThat(parameters.path("max_tokens").asInt()).isEqualTo(8);
    assertThat(parameters.path("seed").asLong()).isEqualTo(5);
    assertThat(parameters.path("stop").get(0).asText()).isEqualTo("END");
    assertThat(parameters.path("top_k").asInt()).isEqualTo(20);
    assertThat(parameters.path("incremental_output").asBoolean()).isTrue();
    assertThat(parameters.path("enable_search").asBoolean()).isTrue();
    assertThat(body.has("max_tokens")).isFalse();
    assertThat(request.headers()).containsEntry("X-DashScope-SSE", "enable");
  }

  @Test
  void dashScopeCumulativeOutputReportsOnlyNewText() {
    DashScopePlugin plugin = new DashScopePlugin();
    PluginRequest request = PluginRequest.of("{\"parameters\":{}}", true);
    Recorded recorded = new Recorded();
    ResponseDecoder decoder = plugin.newDecoder(request);
    for (String text : List.of("a", "a b", "a b c")) {
      decoder.onEvent(new SseEvent("result", "{\"output\":{\"choices\":[{\"message\":{\"content\":\""
          + text + "\"},\"finish_reason\":\"null\"}]},\"usage\":{\"input_tokens\":1,"
          + "\"output_tokens\":1}}", "1"), 1, recorded);
    }
    assertThat(recorded.texts).containsExactly("a", " b", " c");
  }

  @Test
  void dashScopeErrorBodyFailsWithCodeAndMessage() {
    Recorded recorded = decodeBody(new DashScopePlugin(),
        "{\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key provided.\",\"request_id\":\"x\"}");
    assertThat(recorded.failure).isEqualTo("Invalid API-key provided. (InvalidApiKey)");
  }

  // ------------------------------------------------------------------ helpers

  private static Recorded decodeEvents(ApiPlugin plugin, String... data) {
    Recorded recorded = new Recorded();
    ResponseDecoder decoder = plugin.newDecoder(PluginRequest.of("{}", true));
    long now = 1;
    for (String event : data) {
      decoder.onEvent(SseEvent.message(event), now++, recorded);
    }
    return recorded;
  }

  private static Recorded decodeBody(ApiPlugin plugin, String body) {
    Recorded recorded = new Recorded();
    plugin.newDecoder(PluginRequest.of("{}", false)).onBody("application/json", body, 1, recorded);
    return recorded;
  }

  private static final class Recorded implements DecodeSink {
    final List<TokenKind> kinds = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    Usage usage = Usage.EMPTY;
    String failure;
    String resultText;
    boolean done;

    @Override
    public void token(TokenKind kind, String text, long arrivalNanos) {
      kinds.add(kind);
      texts.add(text);
    }

    @Override
    public void usage(Usage reported) {
      usage = usage.merge(reported);
    }

    @Override
    public void fail(String message) {
      if (failure == null) {
        failure = message;
      }
    }

    @Override
    public void malformed(String reason) {}

    @Override
    public void done(long arrivalNanos) {
      done = true;
    }

    @Override
    public void resultText(String text) {
      resultText = text;
    }
  }
}
