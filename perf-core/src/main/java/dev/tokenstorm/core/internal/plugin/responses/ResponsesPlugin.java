package dev.tokenstorm.core.internal.plugin.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import dev.tokenstorm.core.internal.plugin.support.EndpointUrls;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code openai_responses} plugin (aliases {@code openai_response}, {@code responses}): the
 * OpenAI Responses API, streamed or not.
 *
 * <h2>Request bodies</h2>
 *
 * <ul>
 *   <li>{@link ChatQuery}: {@code "input"} as a message list. A message with one text part has a
 *       string {@code content}; other messages get {@code input_text} and {@code input_image}
 *       parts ({@code detail} {@code auto} unless the part sets one).
 *   <li>{@link PromptQuery}: {@code "input"} as a string.
 *   <li>{@link RawBodyQuery}: the given object; a {@code messages} member moves to {@code input}
 *       when there is no {@code input}. Parameters fill only missing keys.
 *   <li>Token ids, embedding and rerank queries are rejected: the Responses API has no such input.
 * </ul>
 *
 * Parameters: {@code model}, {@code max_output_tokens} (the run's {@code max_tokens}, sampled per
 * request), {@code stream}, {@code temperature}, {@code top_p}, then {@code extraArgs}. Other
 * generation settings (stop, seed, penalties, {@code n}) have no Responses equivalent and are not
 * sent. With a query template, {@code %m} and {@code %p} are replaced, the input goes to
 * {@code input} unless the template places {@code %p}, and the template's own values win.
 *
 * <h2>Responses</h2>
 *
 * See {@link ResponsesDecoder}: output text, refusal, reasoning and function-call argument deltas
 * are token events; {@code response.completed} carries the usage; {@code response.failed} and
 * {@code response.incomplete} fail the request with the server's reason.
 *
 * <p>Threading: {@link #buildRequest} is thread-safe, and each decoder serves one request.
 */
public final class ResponsesPlugin implements ApiPlugin {

  static final String SUFFIX = "/responses";

  private static final List<String> ACCEPTED =
      List.of("/responses", "/chat/completions", "/completions");

  private final ObjectMapper mapper = PluginJson.newMapper();
  private final PluginJson json = new PluginJson(mapper);

  /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
  public ResponsesPlugin() {}

  @Override
  public String name() {
    return "openai_responses";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("openai_response", "responses");
  }

  /**
   * Returns {@code url} with a trailing {@code /chat/completions} replaced by {@code /responses},
   * or {@code /responses} appended when the path ends with no OpenAI endpoint; both are reported
   * as warnings.
   */
  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    String replaced = EndpointUrls.replaceSuffix(url, "/chat/completions", SUFFIX, warnings);
    if (replaced != null) {
      return replaced;
    }
    return EndpointUrls.withSuffix(url, SUFFIX, ACCEPTED, warnings);
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
    Objects.requireNonNull(context, "context");
    return switch (query) {
      case RawBodyQuery raw -> buildRaw(raw, context);
      case ChatQuery chat -> buildInput(input(chat.messages()), lastUserText(chat), context);
      case PromptQuery prompt ->
          buildInput(TextNode.valueOf(prompt.prompt()), prompt.prompt(), context);
      case TokenIdsQuery ids ->
          throw new IllegalArgumentException(
              "the openai_responses api cannot send token ids: the Responses API takes text"
                  + " input; turn off tokenizePrompt or use api openai with a completions URL");
      case EmbeddingQuery embedding ->
          throw new IllegalArgumentException(
              "the openai_responses api cannot send an EmbeddingQuery: use api openai_embedding");
      case RerankQuery rerank ->
          throw new IllegalArgumentException(
              "the openai_responses api cannot send a RerankQuery: use api openai_rerank");
    };
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return new ResponsesDecoder(json);
  }

  /** Returns a one-message chat query {@code hello} (the Responses API takes both shapes). */
  @Override
  public Optional<Query> connectionTestQuery(boolean chat) {
    return Optional.of(chat ? ChatQuery.ofUserText("hello") : new PromptQuery("hello"));
  }

  private PluginRequest buildRaw(RawBodyQuery raw, RequestContext context) {
    ObjectNode body = json.rawBody(raw);
    JsonNode messages = body.get("messages");
    if (!body.has("input") && messages != null) {
      body.remove("messages");
      body.set("input", normalise(messages));
    }
    applyParameters(body, context, true);
    return new PluginRequest(json.write(body), raw.headers(), isStreaming(body), raw.requestId());
  }

  private PluginRequest buildInput(JsonNode input, String promptText, RequestContext context) {
    GenerationOptions options = context.options();
    ObjectNode body;
    boolean fill;
    if (options.queryTemplate() != null) {
      body = json.template(options.queryTemplate());
      if (!PluginJson.substitute(body, options.model(), promptText)) {
        body.set("input", input);
      }
      fill = true;
    } else {
      body = mapper.createObjectNode();
      body.set("input", input);
      fill = false;
    }
    applyParameters(body, context, fill);
    return PluginRequest.of(json.write(body), isStreaming(body));
  }

  private void applyParameters(ObjectNode body, RequestContext context, boolean fill) {
    GenerationOptions options = context.options();
    if (options.model() != null && (!fill || !body.has("model"))) {
      body.put("model", options.model());
    }
    if (!fill || !body.has("max_output_tokens")) {
      OptionalInt maxTokens = context.sampleMaxTokens();
      if (maxTokens.isPresent()) {
        body.put("max_output_tokens", maxTokens.getAsInt());
      }
    }
    if (!fill || !body.has("stream")) {
      body.set("stream", BooleanNode.valueOf(options.stream()));
    }
    if (options.temperature() != null && (!fill || !body.has("temperature"))) {
      body.put("temperature", options.temperature());
    }
    if (options.topP() != null && (!fill || !body.has("top_p"))) {
      body.put("top_p", options.topP());
    }
    json.putExtraArgs(body, options.extraArgs(), fill);
    // The Responses API always reports usage in response.completed; it rejects stream_options.
    body.remove("stream_options");
  }

  private ArrayNode input(List<ChatMessage> messages) {
    ArrayNode input = mapper.createArrayNode();
    for (ChatMessage message : messages) {
      ObjectNode node = input.addObject();
      node.put("role", message.role());
      if (message.isTextOnly()) {
        node.put("content", ((ContentPart.Text) message.content().get(0)).text());
        continue;
      }
      ArrayNode parts = node.putArray("content");
      for (ContentPart part : message.content()) {
        switch (part) {
          case ContentPart.Text text ->
              parts.addObject().put("type", "input_text").put("text", text.text());
          case ContentPart.Image image ->
              parts
                  .addObject()
                  .put("type", "input_image")
                  .put("image_url", image.url())
                  .put("detail", image.detail() == null ? "auto" : image.detail());
        }
      }
    }
    return input;
  }

  /**
   * Converts chat-completions content parts of a raw body's {@code messages} to Responses parts:
   * {@code text} becomes {@code input_text} and {@code image_url} (a string or {@code {url,
   * detail}}) becomes {@code input_image}; other parts are kept.
   */
  private JsonNode normalise(JsonNode messages) {
    if (!messages.isArray()) {
      return messages;
    }
    ArrayNode result = mapper.createArrayNode();
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if (!(message instanceof ObjectNode object) || content == null || !content.isArray()) {
        result.add(message);
        continue;
      }
      ObjectNode copy = object.deepCopy();
      ArrayNode parts = copy.putArray("content");
      for (JsonNode part : content) {
        String type = part.path("type").asText("");
        if (type.equals("text")) {
          parts.addObject().put("type", "input_text").put("text", part.path("text").asText(""));
        } else if (type.equals("image_url")) {
          JsonNode image = part.get("image_url");
          String url = image != null && image.isTextual() ? image.textValue()
              : image != null ? image.path("url").asText("") : "";
          String detail = image != null && image.isObject() ? image.path("detail").asText("auto")
              : "auto";
          parts.addObject().put("type", "input_image").put("image_url", url).put("detail", detail);
        } else {
          parts.add(part);
        }
      }
      result.add(copy);
    }
    return result;
  }

  private static String lastUserText(ChatQuery chat) {
    List<ChatMessage> messages = chat.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).text();
      }
    }
    return messages.get(messages.size() - 1).text();
  }

  private static boolean isStreaming(ObjectNode body) {
    @Nullable JsonNode stream = body.get("stream");
    return stream != null && stream.isBoolean() && stream.booleanValue();
  }
}
