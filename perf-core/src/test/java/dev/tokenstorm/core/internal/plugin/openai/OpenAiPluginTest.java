package dev.tokenstorm.core.internal.plugin.openai;

import static dev.tokenstorm.core.internal.plugin.openai.TestContexts.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.core.internal.plugin.openai.TestContexts.CodePointTokenizer;
import dev.tokenstorm.core.internal.plugin.openai.TestContexts.Options;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class OpenAiPluginTest {

  private static final String DEFAULT_PARAMETERS =
      "\"model\":\"m\",\"max_tokens\":2048,\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.0";

  private final ObjectMapper mapper = new ObjectMapper();
  private final OpenAiPlugin plugin = new OpenAiPlugin();

  // ---------------------------------------------------------------- input shapes

  @Test
  void chatQueryBecomesMessagesWithDefaults() throws Exception {
    PluginRequest request = plugin.buildRequest(ChatQuery.ofUserText("hi"), context(new Options()));

    assertJson(request, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + DEFAULT_PARAMETERS + "}");
    assertThat(request.stream()).isTrue();
    assertThat(request.headers()).isEmpty();
    assertThat(request.requestId()).isNull();
  }

  @Test
  void promptQueryBecomesPromptString() throws Exception {
    PluginRequest request = plugin.buildRequest(new PromptQuery("hi"), context(new Options()));

    assertJson(request, "{\"prompt\":\"hi\"," + DEFAULT_PARAMETERS + "}");
  }

  @Test
  void tokenIdsQueryBecomesPromptArray() throws Exception {
    PluginRequest request =
        plugin.buildRequest(new TokenIdsQuery(new int[] {151644, 872, 3}), context(new Options()));

    assertJson(request, "{\"prompt\":[151644,872,3]," + DEFAULT_PARAMETERS + "}");
  }

  @Test
  void multimodalMessageBecomesTypedParts() throws Exception {
    ChatQuery query =
        new ChatQuery(
            List.of(
                ChatMessage.system("be brief"),
                new ChatMessage(
                    "user",
                    List.of(
                        new ContentPart.Text("what is this?"),
                        new ContentPart.Image("data:image/png;base64,AAAA", "low"),
                        ContentPart.Image.of("https://example.invalid/cat.png")))));

    PluginRequest request = plugin.buildRequest(query, context(new Options()));

    assertJson(
        request,
        "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"text\",\"text\":\"what is this?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\",\"detail\":\"low\"}},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.invalid/cat.png\"}}]}],"
            + DEFAULT_PARAMETERS
            + "}");
  }

  @Test
  void nonAsciiTextIsSentAsUtf8Characters() {
    PluginRequest request =
        plugin.buildRequest(ChatQuery.ofUserText("caf\u00e9 \u4f60\u597d"), context(new Options()));

    assertThat(request.body()).contains("caf\u00e9 \u4f60\u597d");
  }

  @Test
  void embeddingQueryIsRejectedNamingTheRightApi() {
    assertThatThrownBy(
            () -> plugin.buildRequest(new EmbeddingQuery(List.of("a")), context(new Options())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EmbeddingQuery")
        .hasMessageContaining("openai_embedding");
  }

  @Test
  void rerankQueryIsRejectedNamingTheRightApi() {
    assertThatThrownBy(
            () -> plugin.buildRequest(new RerankQuery("q", List.of("d")), context(new Options())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RerankQuery")
        .hasMessageContaining("openai_rerank");
  }

  // ---------------------------------------------------------------- parameters

  @Test
  void everyParameterIsSentInReferenceOrder() throws Exception {
    Options options = new Options();
    options.minTokens = 5;
    options.frequencyPenalty = 0.5;
    options.repetitionPenalty = 1.1;
    options.logprobs = true;
    options.nChoices = 2;
    options.seed = 42L;
    options.stop = List.of("</s>", "END");
    options.stopTokenIds = List.of(2, 32000);
    options.temperature = 0.7;
    options.topP = 0.9;
    options.topK = 40;
    options.extraArgs = new java.util.LinkedHashMap<>(Map.of("ignore_eos", true));

    PluginRequest request = plugin.buildRequest(new PromptQuery("p"), context(options));

    String expected =
        "{\"prompt\":\"p\",\"model\":\"m\",\"max_tokens\":2048,\"min_tokens\":5,"
            + "\"frequency_penalty\":0.5,\"repetition_penalty\":1.1,\"logprobs\":true,\"n\":2,"
            + "\"seed\":42,\"stop\":[\"</s>\",\"END\"],\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"stop_token_ids\":[2,32000],"
            + "\"temperature\":0.7,\"top_p\":0.9,\"top_k\":40,\"ignore_eos\":true}";
    assertJson(request, expected);
    assertThat(fieldNames(request)).containsExactlyElementsOf(fieldNames(expected));
  }

  @Test
  void unsetParametersAreLeftOut() throws Exception {
    Options options = new Options();
    options.model = null;
    options.maxTokensMin = null;
    options.maxTokensMax = null;
    options.temperature = null;
    options.stream = false;

    PluginRequest request = plugin.buildRequest(new PromptQuery("p"), context(options));

    assertJson(request, "{\"prompt\":\"p\",\"stream\":false}");
    assertThat(request.stream()).isFalse();
  }

  @Test
  void extraArgsOverrideRunParameters() throws Exception {
    Options options = new Options();
    options.extraArgs =
        Map.of(
            "temperature", 0.3,
            "stream_options", Map.of("continuous_usage_stats", true),
            "chat_template_kwargs", Map.of("enable_thinking", false));

    PluginRequest request = plugin.buildRequest(ChatQuery.ofUserText("hi"), context(options));

    assertJson(
        request,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"m\",\"max_tokens\":2048,"
            + "\"stream\":true,\"temperature\":0.3,"
            + "\"stream_options\":{\"continuous_usage_stats\":true,\"include_usage\":true},"
            + "\"chat_template_kwargs\":{\"enable_thinking\":false}}");
  }

  @Test
  void extraArgsTurningStreamOffRemovesStreamOptions() throws Exception {
    Options options = new Options();
    options.extraArgs = Map.of("stream", false);

    PluginRequest request = plugin.buildRequest(new PromptQuery("p"), context(options));

    assertJson(
        request, "{\"prompt\":\"p\",\"model\":\"m\",\"max_tokens\":2048,\"stream\":false,\"temperature\":0.0}");
    assertThat(request.stream()).isFalse();
  }

  @Test
  void maxTokensRangeIsSampledPerRequestWithinBounds() throws Exception {
    Options options = new Options();
    options.maxTokensMin = 10;
    options.maxTokensMax = 20;
    RequestContext context = context(options);
    Set<Integer> seen = new HashSet<>();

    for (int i = 0; i < 500; i++) {
      PluginRequest request = plugin.buildRequest(new PromptQuery("p"), context);
      seen.add(mapper.readTree(request.body()).get("max_tokens").intValue());
    }

    assertThat(seen).allSatisfy(value -> assertThat(value).isBetween(10, 20));
    assertThat(seen).contains(10, 20).hasSize(11);
  }

  // ---------------------------------------------------------------- raw bodies

  @Test
  void rawBodyKeepsItsOwnValuesAndFillsMissingOnes() throws Exception {
    RawBodyQuery query =
        new RawBodyQuery(
            "{\"model\":\"own\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":0.9,\"stream\":false,\"__evalscope_is_warmup\":true}",
            Map.of("X-Session", "s-1"),
            "req-7");
    Options options = new Options();
    options.topP = 0.8;
    options.extraArgs = Map.of("temperature", 0.1, "ignore_eos", true);

    PluginRequest request = plugin.buildRequest(query, context(options));

    assertJson(
        request,
        "{\"model\":\"own\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"temperature\":0.9,\"stream\":false,\"max_tokens\":2048,\"top_p\":0.8,"
            + "\"ignore_eos\":true}");
    assertThat(request.stream()).isFalse();
    assertThat(request.headers()).containsExactly(Map.entry("X-Session", "s-1"));
    assertThat(request.requestId()).isEqualTo("req-7");
  }

  @Test
  void rawStreamingBodyGetsIncludeUsageAddedToItsStreamOptions() throws Exception {
    RawBodyQuery query =
        RawBodyQuery.of(
            "{\"prompt\":\"x\",\"stream\":true,\"stream_options\":{\"continuous_usage_stats\":true}}");

    PluginRequest request = plugin.buildRequest(query, context(new Options()));

    assertJson(
        request,
        "{\"prompt\":\"x\",\"stream\":true,"
            + "\"stream_options\":{\"continuous_usage_stats\":true,\"include_usage\":true},"
            + "\"model\":\"m\",\"max_tokens\":2048,\"temperature\":0.0}");
    assertThat(request.stream()).isTrue();
  }

  @Test
  void rawBodyWithoutStreamTakesTheRunsStreamSetting() throws Exception {
    PluginRequest request =
        plugin.buildRequest(RawBodyQuery.of("{\"prompt\":\"x\"}"), context(new Options()));

    assertJson(request, "{\"prompt\":\"x\"," + DEFAULT_PARAMETERS + "}");
    assertThat(request.stream()).isTrue();
  }

  @Test
  void invalidRawBodyIsRejectedWithTheParseError() {
    assertThatThrownBy(
            () -> plugin.buildRequest(RawBodyQuery.of("{\"prompt\": "), context(new Options())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the raw request body is not valid JSON: ")
        .hasMessageContaining("{\"prompt\": ");
  }

  @Test
  void rawBodyThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> plugin.buildRequest(RawBodyQuery.of("[1,2]"), context(new Options())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the raw request body must be a JSON object but was array: [1,2]");
  }

  // ---------------------------------------------------------------- query templates

  @Test
  void templateValuesWinAndPlaceholdersAreSubstituted() throws Exception {
    Options options = new Options();
    options.queryTemplate =
        "{\"model\":\"%m\",\"messages\":[{\"role\":\"user\",\"content\":\"Q: %p\"}],"
            + "\"temperature\":0.7,\"stream\":false,\"skip_special_tokens\":false,\"tag\":\"%m/%p\"}";
    ChatQuery query =
        new ChatQuery(
            List.of(
                ChatMessage.system("sys"),
                ChatMessage.user("first"),
                ChatMessage.of("assistant", "answer"),
                ChatMessage.user("second")));

    PluginRequest request = plugin.buildRequest(query, context(options));

    assertJson(
        request,
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Q: second\"}],"
            + "\"temperature\":0.7,\"stream\":false,\"skip_special_tokens\":false,"
            + "\"tag\":\"m/second\",\"max_tokens\":2048}");
    assertThat(request.stream()).isFalse();
  }

  @Test
  void templateWithoutPromptPlaceholderReceivesTheMessages() throws Exception {
    Options options = new Options();
    options.queryTemplate = "{\"messages\":\"placeholder\",\"skip_special_tokens\":false,\"max_tokens\":64}";

    PluginRequest request = plugin.buildRequest(ChatQuery.ofUserText("hi"), context(options));

    assertJson(
        request,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"skip_special_tokens\":false,"
            + "\"max_tokens\":64,\"model\":\"m\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.0}");
  }

  @Test
  void templateWithoutPromptPlaceholderReceivesThePromptString() throws Exception {
    Options options = new Options();
    options.queryTemplate = "{\"echo\":false}";

    PluginRequest request = plugin.buildRequest(new PromptQuery("hi"), context(options));

    assertJson(request, "{\"echo\":false,\"prompt\":\"hi\"," + DEFAULT_PARAMETERS + "}");
  }

  @Test
  void templateSubstitutionDoesNotRescanInsertedText() throws Exception {
    Options options = new Options();
    options.model = "model-%p";
    options.queryTemplate = "{\"model\":\"%m\",\"prompt\":\"%p and 100%\"}";

    PluginRequest request = plugin.buildRequest(new PromptQuery("50%m"), context(options));

    JsonNode body = mapper.readTree(request.body());
    assertThat(body.get("model").textValue()).isEqualTo("model-%p");
    assertThat(body.get("prompt").textValue()).isEqualTo("50%m and 100%");
  }

  @Test
  void templateIsCopiedForEveryRequest() throws Exception {
    Options options = new Options();
    options.queryTemplate = "{\"prompt\":\"%p\"}";
    RequestContext context = context(options);

    PluginRequest first = plugin.buildRequest(new PromptQuery("one"), context);
    PluginRequest second = plugin.buildRequest(new PromptQuery("two"), context);

    assertThat(mapper.readTree(first.body()).get("prompt").textValue()).isEqualTo("one");
    assertThat(mapper.readTree(second.body()).get("prompt").textValue()).isEqualTo("two");
  }

  @Test
  void invalidTemplateIsRejectedWithTheParseError() {
    Options options = new Options();
    options.queryTemplate = "{\"model\": %m}";

    assertThatThrownBy(() -> plugin.buildRequest(new PromptQuery("p"), context(options)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("queryTemplate is not valid JSON: ")
        .hasMessageContaining("at line 1, column 11");
  }

  @Test
  void templateThatIsNotAnObjectIsRejected() {
    Options options = new Options();
    options.queryTemplate = "[\"%p\"]";

    assertThatThrownBy(() -> plugin.buildRequest(new PromptQuery("p"), context(options)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("queryTemplate must be a JSON object");
  }

  @Test
  void modelPlaceholderWithoutModelIsRejected() {
    Options options = new Options();
    options.model = null;
    options.queryTemplate = "{\"model\":\"%m\"}";

    assertThatThrownBy(() -> plugin.buildRequest(new PromptQuery("p"), context(options)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the query template uses %m, but no model is set: set model");
  }

  @Test
  void promptPlaceholderWithTokenIdsNeedsATokenizer() throws Exception {
    Options options = new Options();
    options.queryTemplate = "{\"input\":\"%p\"}";
    TokenIdsQuery query = new TokenIdsQuery(new int[] {'h', 'i'});

    assertThatThrownBy(() -> plugin.buildRequest(query, context(options)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenizerPath");
    PluginRequest request =
        plugin.buildRequest(query, context(options, new CodePointTokenizer(false)));
    assertThat(mapper.readTree(request.body()).get("input").textValue()).isEqualTo("hi");
    assertThat(mapper.readTree(request.body()).has("prompt")).isFalse();
  }

  // ---------------------------------------------------------------- tokenizePrompt

  @Test
  void tokenizedChatPromptUsesTheChatTemplate() throws Exception {
    Options options = new Options();
    options.tokenizePrompt = true;

    PluginRequest request =
        plugin.buildRequest(
            ChatQuery.ofUserText("hi"), context(options, new CodePointTokenizer(true)));

    int[] expected = "<user>hi</user><assistant>".codePoints().toArray();
    assertThat(ids(mapper.readTree(request.body()).get("prompt"))).containsExactly(expected);
    assertThat(mapper.readTree(request.body()).has("messages")).isFalse();
  }

  @Test
  void tokenizedPromptIsEncodedWithoutSpecialTokens() throws Exception {
    Options options = new Options();
    options.tokenizePrompt = true;

    PluginRequest request =
        plugin.buildRequest(new PromptQuery("ab"), context(options, new CodePointTokenizer(false)));

    assertJson(request, "{\"prompt\":[97,98]," + DEFAULT_PARAMETERS + "}");
  }

  @Test
  void tokenIdsNeedNoTokenizerWhenTokenizing() throws Exception {
    Options options = new Options();
    options.tokenizePrompt = true;

    PluginRequest request = plugin.buildRequest(new TokenIdsQuery(new int[] {5, 6}), context(options));

    assertJson(request, "{\"prompt\":[5,6]," + DEFAULT_PARAMETERS + "}");
  }

  @Test
  void tokenizingWithoutTokenizerNamesTokenizerPath() {
    Options options = new Options();
    options.tokenizePrompt = true;

    assertThatThrownBy(() -> plugin.buildRequest(new PromptQuery("p"), context(options)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set tokenizerPath");
  }

  @Test
  void tokenizingChatWithoutChatTemplateIsRejected() {
    Options options = new Options();
    options.tokenizePrompt = true;

    assertThatThrownBy(
            () ->
                plugin.buildRequest(
                    ChatQuery.ofUserText("hi"), context(options, new CodePointTokenizer(false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat template");
  }

  // ---------------------------------------------------------------- URLs and registration

  @ParameterizedTest
  @CsvSource({
    "http://h:8000/v1, http://h:8000/v1/chat/completions, true",
    "http://h:8000/v1/, http://h:8000/v1/chat/completions, true",
    "http://h:8000, http://h:8000/chat/completions, true",
    "http://h:8000/v1/chat/completions, http://h:8000/v1/chat/completions, false",
    "http://h:8000/v1/chat/completions//, http://h:8000/v1/chat/completions, false",
    "http://h:8000/v1/completions, http://h:8000/v1/completions, false",
    "http://h:8000/v1/responses, http://h:8000/v1/responses, false",
    "http://h:8000/v1/embeddings, http://h:8000/v1/embeddings, false",
    "http://h:8000/v1/reranks, http://h:8000/v1/reranks, false",
    "http://h:8000/v1/rerank, http://h:8000/v1/rerank, false",
    "http://h:8000/v1?api-version=2, http://h:8000/v1/chat/completions?api-version=2, true",
    "http://h:8000/v1/completions?x=1, http://h:8000/v1/completions?x=1, false"
  })
  void urlGetsChatCompletionsSuffixUnlessItHasAnEndpoint(
      String url, String expected, boolean warns) {
    List<String> warnings = new ArrayList<>();

    String resolved = plugin.resolveUrl(url, warnings::add);

    assertThat(resolved).isEqualTo(expected);
    assertThat(warnings).hasSize(warns ? 1 : 0);
  }

  @Test
  void urlWarningHidesCredentialsAndQuery() {
    List<String> warnings = new ArrayList<>();

    plugin.resolveUrl("http://user:pw@h/v1?key=secret", warnings::add);

    assertThat(warnings).singleElement().asString().doesNotContain("pw").doesNotContain("secret");
  }

  @Test
  void connectionTestQueryMatchesTheEndpointShape() {
    assertThat(plugin.connectionTestQuery(true)).contains(ChatQuery.ofUserText("hello"));
    assertThat(plugin.connectionTestQuery(false)).contains(new PromptQuery("hello"));
  }

  @Test
  void pluginIsRegisteredForServiceLoader() {
    List<String> names =
        ServiceLoader.load(ApiPlugin.class).stream()
            .map(ServiceLoader.Provider::get)
            .map(ApiPlugin::name)
            .toList();

    assertThat(names).contains("openai");
  }

  // ---------------------------------------------------------------- helpers

  private void assertJson(PluginRequest request, String expected) throws Exception {
    assertThat(mapper.readTree(request.body())).isEqualTo(mapper.readTree(expected));
  }

  private List<String> fieldNames(PluginRequest request) throws Exception {
    return fieldNames(request.body());
  }

  private List<String> fieldNames(String json) throws Exception {
    List<String> names = new ArrayList<>();
    mapper.readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static int[] ids(JsonNode array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).intValue();
    }
    return ids;
  }
}
