package dev.tokenstorm.core.internal.plugin.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dashscope} plugin: DashScope's native text-generation API
 * ({@code POST .../api/v1/services/aigc/text-generation/generation}). The URL is used as given.
 *
 * <h2>Request bodies</h2>
 *
 * {@code {"model": M, "input": {"messages": [...]}, "parameters": {...}}}; a {@link PromptQuery}
 * sends {@code input.prompt}. {@code parameters} holds {@code result_format: "message"},
 * {@code max_tokens} (sampled per request), {@code seed}, {@code stop}, {@code temperature},
 * {@code top_p}, {@code top_k}, {@code repetition_penalty}, {@code n}, {@code logprobs}, and, when
 * streaming, {@code incremental_output: true}; {@code extraArgs} are merged into
 * {@code parameters}, because DashScope reads generation settings there. A streamed request also
 * sends {@code X-DashScope-SSE: enable}. A query template gets its {@code input.messages} (or
 * {@code input.prompt}) replaced and keeps its own parameters; a {@link RawBodyQuery} is sent as
 * given with missing parameters filled in.
 *
 * <h2>Responses</h2>
 *
 * See {@link DashScopeDecoder}: {@code output.choices[0].message.content} and
 * {@code reasoning_content} (or {@code output.text}) are token events; usage comes from
 * {@code usage.input_tokens} and {@code usage.output_tokens}; a {@code code}/{@code message} error
 * body or {@code error} event fails the request.
 *
 * <p>Threading: {@link #buildRequest} is thread-safe, and each decoder serves one request.
 */
public final class DashScopePlugin implements ApiPlugin {

  private static final Map<String, String> STREAM_HEADERS =
      Map.of("X-DashScope-SSE", "enable", "Accept", "text/event-stream");

  private final ObjectMapper mapper = PluginJson.newMapper();
  private final PluginJson json = new PluginJson(mapper);

  /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
  public DashScopePlugin() {}

  @Override
  public String name() {
    return "dashscope";
  }

  /**
   * Builds the request body for {@code query}.
   *
   * @throws IllegalArgumentException for token-id, embedding and rerank queries, an invalid raw
   *     body or an invalid query template
   */
  @Override
  public PluginRequest buildRequest(Query query, RequestContext context) {
    Objects.requireNonNull(query, "query");
    GenerationOptions options = context.options();
    ObjectNode body;
    boolean fill;
    switch (query) {
      case RawBodyQuery raw -> {
        body = json.rawBody(raw);
        fill = true;
      }
      case ChatQuery chat -> {
        body = base(options, chat.messages().get(chat.messages().size() - 1).text());
        fill = options.queryTemplate() != null;
        ObjectNode input = object(body, "input");
        input.remove("prompt");
        input.set("messages", messages(chat));
      }
      case PromptQuery prompt -> {
        body = base(options, prompt.prompt());
        fill = options.queryTemplate() != null;
        ObjectNode input = object(body, "input");
        input.remove("messages");
        input.put("prompt", prompt.prompt());
      }
      case TokenIdsQuery ids ->
          throw new IllegalArgumentException(
              "the dashscope api cannot send token ids: turn off tokenizePrompt");
      case EmbeddingQuery embedding ->
          throw new IllegalArgumentException(
              "the dashscope api cannot send an EmbeddingQuery: use api openai_embedding");
      case RerankQuery rerank ->
          throw new IllegalArgumentException(
              "the dashscope api cannot send a RerankQuery: use api openai_rerank");
    }
    applyParameters(body, context, fill);
    boolean stream = options.stream();
    Map<String, String> headers = new java.util.HashMap<>(stream ? STREAM_HEADERS : Map.of());
    @Nullable String requestId = null;
    if (query instanceof RawBodyQuery raw) {
      raw.headers().forEach(headers::putIfAbsent);
      requestId = raw.requestId();
    }
    return new PluginRequest(json.write(body), headers, stream, requestId);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    JsonNode body = json.parse(request.body());
    boolean incremental =
        body != null && body.path("parameters").path("incremental_output").asBoolean(false);
    return new DashScopeDecoder(json, incremental);
  }

  /** Returns a one-message chat query {@code hello}. */
  @Override
  public Optional<Query> connectionTestQuery(boolean chat) {
    return Optional.of(ChatQuery.ofUserText("hello"));
  }

  /** Returns a new body: empty, or the query template with %m and %p replaced. */
  private ObjectNode base(GenerationOptions options, String promptText) {
    if (options.queryTemplate() == null) {
      return mapper.createObjectNode();
    }
    ObjectNode template = json.template(options.queryTemplate());
    PluginJson.substitute(template, options.model(), promptText);
    return template;
  }

  /** Returns the object member {@code key} of {@code parent}, replacing a non-object value. */
  private static ObjectNode object(ObjectNode parent, String key) {
    return parent.get(key) instanceof ObjectNode existing ? existing : parent.putObject(key);
  }

  private void applyParameters(ObjectNode body, RequestContext context, boolean fill) {
    GenerationOptions options = context.options();
    if (options.model() != null && (!fill || !body.has("model"))) {
      body.put("model", options.model());
    }
    ObjectNode parameters = object(body, "parameters");
    Setter set = new Setter(parameters, fill);
    set.text("result_format", "message");
    if (!fill || !parameters.has("max_tokens")) {
      OptionalInt maxTokens = context.sampleMaxTokens();
      if (maxTokens.isPresent()) {
        parameters.put("max_tokens", maxTokens.getAsInt());
      }
    }
    set.number("seed", options.seed());
    if (!options.stop().isEmpty() && (!fill || !parameters.has("stop"))) {
      ArrayNode stop = parameters.putArray("stop");
      options.stop().forEach(stop::add);
    }
    set.number("temperature", options.temperature());
    set.number("top_p", options.topP());
    set.number("top_k", options.topK());
    set.number("repetition_penalty", options.repetitionPenalty());
    set.number("n", options.nChoices());
    if (options.logprobs() != null && (!fill || !parameters.has("logprobs"))) {
      parameters.put("logprobs", options.logprobs());
    }
    if (options.stream() && (!fill || !parameters.has("incremental_output"))) {
      parameters.put("incremental_output", true);
    }
    json.putExtraArgs(parameters, options.extraArgs(), fill);
  }

  private ArrayNode messages(ChatQuery chat) {
    ArrayNode messages = mapper.createArrayNode();
    for (ChatMessage message : chat.messages()) {
      ObjectNode node = messages.addObject();
      node.put("role", message.role());
      if (message.isTextOnly()) {
        node.put("content", message.text());
        continue;
      }
      // DashScope's multimodal shape: [{"text": ...}, {"image": url}].
      ArrayNode parts = node.putArray("content");
      for (ContentPart part : message.content()) {
        switch (part) {
          case ContentPart.Text text -> parts.addObject().put("text", text.text());
          case ContentPart.Image image -> parts.addObject().put("image", image.url());
        }
      }
    }
    return messages;
  }

  /** Writes parameters with override or fill semantics. */
  private record Setter(ObjectNode parameters, boolean fill) {
    void text(String key, String value) {
      if (!fill || !parameters.has(key)) {
        parameters.put(key, value);
      }
    }

    void number(String key, @Nullable Number value) {
      if (value == null || fill && parameters.has(key)) {
        return;
      }
      switch (value) {
        case Integer integer -> parameters.put(key, integer);
        case Long longValue -> parameters.put(key, longValue);
        case Double doubleValue -> parameters.put(key, doubleValue);
        default -> throw new IllegalArgumentException("unsupported number type for " + key);
      }
    }
  }
}
