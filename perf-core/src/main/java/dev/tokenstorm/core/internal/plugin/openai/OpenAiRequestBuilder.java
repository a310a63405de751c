package dev.tokenstorm.core.internal.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@code chat/completions} and {@code completions} request bodies.
 *
 * <h2>Input</h2>
 *
 * <ul>
 *   <li>{@link ChatQuery}: {@code "messages"}. A message with one text part has a string
 *       {@code content}, any other message an array of {@code text} and {@code image_url} parts.
 *   <li>{@link PromptQuery}: {@code "prompt"} as a string.
 *   <li>{@link TokenIdsQuery}: {@code "prompt"} as an integer array.
 *   <li>With {@code tokenizePrompt}: {@code "prompt"} as the token ids of the text. A chat query is
 *       first rendered with the tokenizer's chat template, generation prompt appended. Ids are
 *       encoded without special tokens, because the template already contains them.
 *   <li>{@link RawBodyQuery}: the given JSON object, its headers and request id.
 * </ul>
 *
 * <h2>Parameters</h2>
 *
 * Applied in this order, each only when set: {@code model}, {@code max_tokens} (sampled per
 * request from the configured range), {@code min_tokens}, {@code frequency_penalty},
 * {@code repetition_penalty}, {@code logprobs}, {@code n}, {@code seed}, {@code stop},
 * {@code stream}, {@code stream_options}, {@code stop_token_ids}, {@code temperature},
 * {@code top_p}, {@code top_k}, then {@code extraArgs}. A plain query uses override semantics (the
 * run's values are written). A raw body and a query template use fill semantics: a key already in
 * the body or template is kept.
 *
 * <p>{@code stream_options: {"include_usage": true}} is sent whenever the final body has
 * {@code "stream": true}, so the server reports token usage. An existing {@code stream_options}
 * object only gets {@code include_usage} added when it lacks it. When the final body does not
 * stream, {@code stream_options} is removed.
 *
 * <h2>Query templates</h2>
 *
 * The template must be a JSON object. In every string value, {@code %m} is replaced by the model
 * and {@code %p} by the prompt text: the prompt of a {@link PromptQuery}, the text of the last user
 * message of a {@link ChatQuery}, or the decoded token ids of a {@link TokenIdsQuery}. If the
 * template contains no {@code %p}, the query's input is stored under {@code messages} or
 * {@code prompt}, replacing the template's value. If it does, the template alone decides where the
 * prompt goes. A raw body query ignores the template.
 *
 * <p>Threading: thread-safe. The parsed template is cached and copied for each request.
 */
final class OpenAiRequestBuilder {

  private static final String META_KEY_PREFIX = "__evalscope_";

  private final ObjectMapper mapper;
  private volatile @Nullable ParsedTemplate templateCache;

  OpenAiRequestBuilder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  private record ParsedTemplate(String text, ObjectNode node) {}

  /** The query's input: the body key and value, and the text that {@code %p} stands for. */
  private record Input(String key, JsonNode value, Supplier<String> promptText) {}

  PluginRequest build(Query query, RequestContext context) {
    return switch (query) {
      case RawBodyQuery raw -> buildRaw(raw, context);
      case ChatQuery chat -> buildGenerated(input(chat, context), context);
      case PromptQuery prompt -> buildGenerated(input(prompt, context), context);
      case TokenIdsQuery ids -> buildGenerated(input(ids, context), context);
      case EmbeddingQuery embedding ->
          throw new IllegalArgumentException(
              "the openai api cannot send an EmbeddingQuery: use api openai_embedding with an"
                  + " embedding dataset");
      case RerankQuery rerank ->
          throw new IllegalArgumentException(
              "the openai api cannot send a RerankQuery: use api openai_rerank with a rerank"
                  + " dataset");
    };
  }

  // ---------------------------------------------------------------- bodies

  private PluginRequest buildRaw(RawBodyQuery raw, RequestContext context) {
    JsonNode parsed;
    try {
      parsed = mapper.readTree(raw.jsonBody());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the raw request body is not valid JSON: "
              + e.getOriginalMessage()
              + "; body starts with: "
              + abbreviate(raw.jsonBody(), 200),
          e);
    }
    if (!(parsed instanceof ObjectNode body)) {
      throw new IllegalArgumentException(
          "the raw request body must be a JSON object but was "
              + (parsed == null ? "empty" : parsed.getNodeType().toString().toLowerCase(Locale.ROOT))
              + ": "
              + abbreviate(raw.jsonBody(), 200));
    }
    List<String> metaKeys = new ArrayList<>();
    body.fieldNames().forEachRemaining(
        key -> {
          if (key.startsWith(META_KEY_PREFIX)) {
            metaKeys.add(key);
          }
        });
    body.remove(metaKeys);
    applyParameters(body, context, true);
    return new PluginRequest(write(body), raw.headers(), isStreaming(body), raw.requestId());
  }

  private PluginRequest buildGenerated(Input input, RequestContext context) {
    GenerationOptions options = context.options();
    String templateText = options.queryTemplate();
    ObjectNode body;
    boolean fill;
    if (templateText != null) {
      body = template(templateText).deepCopy();
      boolean promptPlaced = substitute(body, options.model(), memoize(input.promptText()));
      if (!promptPlaced) {
        body.set(input.key(), input.value());
      }
      fill = true;
    } else {
      body = mapper.createObjectNode();
      body.set(input.key(), input.value());
      fill = false;
    }
    applyParameters(body, context, fill);
    return PluginRequest.of(write(body), isStreaming(body));
  }

  private void applyParameters(ObjectNode body, RequestContext context, boolean fill) {
    GenerationOptions options = context.options();
    Setter setter = new Setter(body, fill);
    if (options.model() != null) {
      setter.set("model", TextNode.valueOf(options.model()));
    }
    if (!fill || !body.has("max_tokens")) {
      // Sampled only when it will be used, so a body's own value does not consume a random draw.
      OptionalInt maxTokens = context.sampleMaxTokens();
      if (maxTokens.isPresent()) {
        setter.set("max_tokens", body.numberNode(maxTokens.getAsInt()));
      }
    }

    setter.setNumber("min_tokens", options.minTokens());
    setter.setNumber("frequency_penalty", options.frequencyPenalty());
    setter.setNumber("repetition_penalty", options.repetitionPenalty());
    if (options.logprobs() != null) {
      setter.set("logprobs", BooleanNode.valueOf(options.logprobs()));
    }
    setter.setNumber("n", options.nChoices());
    setter.setNumber("seed", options.seed());
    if (!options.stop().isEmpty()) {
      ArrayNode stop = body.arrayNode();
      options.stop().forEach(stop::add);
      setter.set("stop", stop);
    }

    setter.set("stream", BooleanNode.valueOf(options.stream()));
    if (isStreaming(body)) {
      setter.set("stream_options", includeUsage());
    }
    if (!options.stopTokenIds().isEmpty()) {
      ArrayNode ids = body.arrayNode();
      options.stopTokenIds().forEach(ids::add);
      setter.set("stop_token_ids", ids);
    }

    setter.setNumber("temperature", options.temperature());
    setter.setNumber("top_p", options.topP());
    setter.setNumber("top_k", options.topK());

    for (Map.Entry<String, Object> extra : options.extraArgs().entrySet()) {
      setter.set(extra.getKey(), mapper.valueToTree(extra.getValue()));
    }
    settleStreamOptions(body);
  }

  /** Makes {@code stream_options} agree with the final {@code stream} value. */
  private void settleStreamOptions(ObjectNode body) {
    if (!isStreaming(body)) {
      body.remove("stream_options");
      return;
    }
    JsonNode streamOptions = body.get("stream_options");
    if (streamOptions == null || streamOptions.isNull()) {
      body.set("stream_options", includeUsage());
    } else if (streamOptions instanceof ObjectNode object && !object.has("include_usage")) {
      object.put("include_usage", true);
    }
  }

  private ObjectNode includeUsage() {
    ObjectNode options = mapper.createObjectNode();
    options.put("include_usage", true);
    return options;
  }

  private static boolean isStreaming(ObjectNode body) {
    JsonNode stream = body.get("stream");
    return stream != null && stream.isBoolean() && stream.booleanValue();
  }

  /** Writes body keys with override or fill semantics. */
  private static final class Setter {
    private final ObjectNode body;
    private final boolean fill;

    Setter(ObjectNode body, boolean fill) {
      this.body = body;
      this.fill = fill;
    }

    void set(String key, JsonNode value) {
      if (!fill || !body.has(key)) {
        body.set(key, value);
      }
    }

    void setNumber(String key, @Nullable Number value) {
      switch (value) {
        case null -> {}
        case Integer integer -> set(key, body.numberNode(integer));
        case Long longValue -> set(key, body.numberNode(longValue));
        case Double doubleValue -> set(key, body.numberNode(doubleValue));
        default -> throw new IllegalArgumentException("unsupported number type for " + key);
      }
    }
  }

  // ---------------------------------------------------------------- input

  private Input input(ChatQuery chat, RequestContext context) {
    Supplier<String> promptText = () -> lastUserText(chat.messages());
    if (context.options().tokenizePrompt()) {
      Tokenizer tokenizer = requireTokenizer(context);
      ChatTemplate template =
          tokenizer
              .chatTemplate()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "tokenizePrompt with chat messages needs the tokenizer's chat template,"
                              + " but the tokenizer has none (no chat_template in"
                              + " tokenizer_config.json): add one, or use a prompt dataset"));
      String rendered = template.render(chat.messages(), true);
      return new Input("prompt", ids(tokenizer.encode(rendered, false)), promptText);
    }
    ArrayNode messages = mapper.createArrayNode();
    chat.messages().forEach(message -> messages.add(message(message)));
    return new Input("messages", messages, promptText);
  }

  private Input input(PromptQuery prompt, RequestContext context) {
    Supplier<String> promptText = prompt::prompt;
    if (context.options().tokenizePrompt()) {
      Tokenizer tokenizer = requireTokenizer(context);
      return new Input("prompt", ids(tokenizer.encode(prompt.prompt(), false)), promptText);
    }
    return new Input("prompt", TextNode.valueOf(prompt.prompt()), promptText);
  }

  private Input input(TokenIdsQuery query, RequestContext context) {
    int[] tokenIds = query.tokenIds();
    Supplier<String> promptText =
        () ->
            context
                .tokenizer()
                .map(tokenizer -> tokenizer.decode(tokenIds, false))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "the query template uses %p, but the query is token ids and there is"
                                + " no tokenizer to decode them: set tokenizerPath"));
    return new Input("prompt", ids(tokenIds), promptText);
  }

  private static Tokenizer requireTokenizer(RequestContext context) {
    return context
        .tokenizer()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "tokenizePrompt needs a tokenizer to turn prompts into token ids, but none is"
                        + " configured: set tokenizerPath"));
  }

  private ArrayNode ids(int[] tokenIds) {
    ArrayNode array = mapper.createArrayNode();
    for (int id : tokenIds) {
      array.add(id);
    }
    return array;
  }

  private ObjectNode message(ChatMessage message) {
    ObjectNode node = mapper.createObjectNode();
    node.put("role", message.role());
    if (message.isTextOnly()) {
      node.put("content", ((ContentPart.Text) message.content().get(0)).text());
      return node;
    }
    ArrayNode parts = node.putArray("content");
    for (ContentPart part : message.content()) {
      ObjectNode partNode = parts.addObject();
      switch (part) {
        case ContentPart.Text text -> partNode.put("type", "text").put("text", text.text());
        case ContentPart.Image image -> {
          partNode.put("type", "image_url");
          ObjectNode imageUrl = partNode.putObject("image_url");
          imageUrl.put("url", image.url());
          if (image.detail() != null) {
            imageUrl.put("detail", image.detail());
          }
        }
      }
    }
    return node;
  }

  private static String lastUserText(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).text();
      }
    }
    return messages.get(messages.size() - 1).text();
  }

  // ---------------------------------------------------------------- templates

  private ObjectNode template(String text) {
    ParsedTemplate cached = templateCache;
    if (cached != null && cached.text().equals(text)) {
      return cached.node();
    }
    JsonNode parsed;
    try {
      parsed = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "queryTemplate is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "; fix the template text or file",
          e);
    }
    if (!(parsed instanceof ObjectNode node)) {
      throw new IllegalArgumentException(
          "queryTemplate must be a JSON object, such as {\"model\": \"%m\", \"messages\": [...]},"
              + " but was: "
              + abbreviate(text, 200));
    }
    templateCache = new ParsedTemplate(text, node);
    return node;
  }

  /**
   * Replaces {@code %m} and {@code %p} in every string value of {@code node}, in place.
   *
   * @return true if the template contains {@code %p}
   */
  private static boolean substitute(
      JsonNode node, @Nullable String model, Supplier<String> promptText) {
    List<String> keys = new ArrayList<>();
    boolean promptPlaced = false;
    if (node instanceof ObjectNode object) {
      object.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        JsonNode child = object.get(key);
        if (child.isTextual()) {
          Replacement replacement = replace(child.textValue(), model, promptText);
          object.set(key, TextNode.valueOf(replacement.text()));
          promptPlaced |= replacement.promptPlaced();
        } else {
          promptPlaced |= substitute(child, model, promptText);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          Replacement replacement = replace(child.textValue(), model, promptText);
          array.set(i, TextNode.valueOf(replacement.text()));
          promptPlaced |= replacement.promptPlaced();
        } else {
          promptPlaced |= substitute(child, model, promptText);
        }
      }
    }
    return promptPlaced;
  }

  private record Replacement(String text, boolean promptPlaced) {}

  /** Replaces the placeholders in one pass, so a substituted value is never scanned again. */
  private static Replacement replace(
      String text, @Nullable String model, Supplier<String> promptText) {
    if (text.indexOf('%') < 0) {
      return new Replacement(text, false);
    }
    StringBuilder result = new StringBuilder(text.length());
    boolean promptPlaced = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == 'm') {
          if (model == null) {
            throw new IllegalArgumentException(
                "the query template uses %m, but no model is set: set model");
          }
          result.append(model);
          i += 2;
          continue;
        }
        if (next == 'p') {
          result.append(promptText.get());
          promptPlaced = true;
          i += 2;
          continue;
        }
      }
      result.append(c);
      i++;
    }
    return new Replacement(result.toString(), promptPlaced);
  }

  // ---------------------------------------------------------------- helpers

  private String write(ObjectNode body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A tree of plain JSON nodes always serialises.
      throw new IllegalStateException("request body could not be serialised", e);
    }
  }

  /** Returns a supplier that computes {@code supplier}'s value once; used by one thread only. */
  private static Supplier<String> memoize(Supplier<String> supplier) {
    String[] value = new String[1];
    return () -> {
      if (value[0] == null) {
        value[0] = supplier.get();
      }
      return value[0];
    };
  }

  static String abbreviate(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
  }
}
