package dev.tokenstorm.core.internal.plugin.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Decodes OpenAI {@code chat.completion(.chunk)} and {@code text_completion} responses.
 *
 * <h2>Streamed events</h2>
 *
 * <ul>
 *   <li>{@code [DONE]}: {@link DecodeSink#done}.
 *   <li>Data that is not a JSON object: {@link DecodeSink#malformed}, and decoding goes on.
 *       Blank data (a keep-alive) is ignored.
 *   <li>A non-null {@code error} member, or an event of type {@code error}:
 *       {@link DecodeSink#fail} with {@code error.message}, or the error JSON when it has none.
 *   <li>The choice with index 0: non-empty {@code delta.reasoning_content} or
 *       {@code delta.reasoning} is {@link TokenKind#REASONING}. Non-empty {@code delta.content},
 *       or {@code text} of a completions chunk, is {@link TokenKind#CONTENT}. A
 *       {@code delta.tool_calls} element (or legacy {@code delta.function_call}) with a name or
 *       arguments is {@link TokenKind#TOOL_CALL}, with the arguments as text. A non-empty
 *       {@code delta.refusal} is {@link TokenKind#REFUSAL}. Role-only and empty deltas report
 *       nothing, so they do not count as the first token.
 *   <li>A {@code usage} object with at least one count: {@link DecodeSink#usage}.
 * </ul>
 *
 * With {@code n > 1}, only the choice with index 0 drives token events, so TTFT and ITL describe
 * one generation rather than chunks of several choices interleaved. Token counts still come from
 * {@code usage}, which covers all choices.
 *
 * <h2>Whole bodies</h2>
 *
 * The same fields of {@code choices[0].message} (or {@code choices[0].text}) produce one token
 * event per kind, stamped with the body's arrival time. A body that is not JSON fails the request.
 *
 * <p>Streamed chunks of the usual shape are read by {@link ChunkReader} without building a JSON
 * tree; the rules above are the same for both paths.
 *
 * <p>Threading: one decoder per request, called by one thread at a time.
 */
final class OpenAiDecoder implements ResponseDecoder {

  private static final String DONE_MARKER = "[DONE]";
  private static final int QUOTED_CHARS = 200;

  private final ObjectMapper mapper;
  private final @Nullable ChunkReader chunks;

  OpenAiDecoder(ObjectMapper mapper) {
    this(mapper, true);
  }

  /** Creates a decoder; without {@code streaming}, every event goes through the JSON tree. */
  OpenAiDecoder(ObjectMapper mapper, boolean streaming) {
    this.mapper = mapper;
    this.chunks = streaming ? new ChunkReader(mapper.getFactory()) : null;
  }

  @Override
  public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
    String data = event.data().strip();
    if (data.isEmpty()) {
      return;
    }
    if (data.equals(DONE_MARKER)) {
      sink.done(arrivalNanos);
      return;
    }
    // The common chunk shapes go through the streaming reader; everything else through the tree.
    if (chunks != null && !event.type().equals("error") && chunks.read(data, arrivalNanos, sink)) {
      return;
    }
    JsonNode root = parse(data);
    if (event.type().equals("error")) {
      sink.fail(errorMessage(root, data));
      return;
    }
    if (root == null || !root.isObject()) {
      sink.malformed(
          "event data is not a JSON object"
              + (root == null ? " (invalid JSON)" : "")
              + ": "
              + OpenAiRequestBuilder.abbreviate(data, QUOTED_CHARS));
      return;
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      sink.fail(errorMessage(root, data));
      return;
    }
    JsonNode choice = firstChoice(root);
    if (choice != null) {
      reportDelta(choice, arrivalNanos, sink);
    }
    reportUsage(root, sink);
  }

  @Override
  public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
    JsonNode root = parse(body.strip());
    if (root == null || !root.isObject()) {
      sink.fail(
          "response is not JSON"
              + (contentType.isEmpty() ? "" : " (content type " + contentType + ")")
              + ": "
              + OpenAiRequestBuilder.abbreviate(body, QUOTED_CHARS));
      return;
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      sink.fail(errorMessage(root, body));
      return;
    }
    JsonNode choice = firstChoice(root);
    if (choice != null) {
      JsonNode message = choice.get("message");
      if (message != null && message.isObject()) {
        reportParts(message, arrivalNanos, sink);
      } else {
        reportText(choice.get("text"), TokenKind.CONTENT, arrivalNanos, sink);
      }
    }
    reportUsage(root, sink);
  }

  private @Nullable JsonNode parse(String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Returns the choice with index 0 (a choice without an index counts as 0), or null. */
  private static @Nullable JsonNode firstChoice(JsonNode root) {
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray()) {
      return null;
    }
    for (JsonNode choice : choices) {
      if (choice.isObject() && choice.path("index").asInt(0) == 0) {
        return choice;
      }
    }
    return null;
  }

  private static void reportDelta(JsonNode choice, long arrivalNanos, DecodeSink sink) {
    JsonNode delta = choice.get("delta");
    if (delta != null && delta.isObject()) {
      reportParts(delta, arrivalNanos, sink);
    }
    // Completions chunks (object "text_completion") carry the text on the choice itself.
    reportText(choice.get("text"), TokenKind.CONTENT, arrivalNanos, sink);
  }

  /** Reports the output of a streamed {@code delta} or a whole {@code message}. */
  private static void reportParts(JsonNode part, long arrivalNanos, DecodeSink sink) {
    JsonNode reasoning = part.get("reasoning_content");
    if (!isNonEmptyText(reasoning)) {
      reasoning = part.get("reasoning");
    }
    reportText(reasoning, TokenKind.REASONING, arrivalNanos, sink);
    reportText(part.get("content"), TokenKind.CONTENT, arrivalNanos, sink);
    reportToolCalls(part, arrivalNanos, sink);
    reportText(part.get("refusal"), TokenKind.REFUSAL, arrivalNanos, sink);
  }

  private static void reportText(
      @Nullable JsonNode node, TokenKind kind, long arrivalNanos, DecodeSink sink) {
    if (isNonEmptyText(node)) {
      sink.token(kind, node.textValue(), arrivalNanos);
    }
  }

  private static void reportToolCalls(JsonNode part, long arrivalNanos, DecodeSink sink) {
    StringBuilder arguments = new StringBuilder();
    boolean found = false;
    JsonNode toolCalls = part.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode call : toolCalls) {
        found |= appendFunction(call.get("function"), arguments);
      }
    }
    found |= appendFunction(part.get("function_call"), arguments);
    if (found) {
      sink.token(TokenKind.TOOL_CALL, arguments.toString(), arrivalNanos);
    }
  }

  /** Appends a function's arguments; returns true if it has a name or arguments. */
  private static boolean appendFunction(@Nullable JsonNode function, StringBuilder arguments) {
    if (function == null || !function.isObject()) {
      return false;
    }
    JsonNode args = function.get("arguments");
    boolean hasArguments = isNonEmptyText(args);
    if (hasArguments) {
      arguments.append(args.textValue());
    }
    return hasArguments || isNonEmptyText(function.get("name"));
  }

  private static void reportUsage(JsonNode root, DecodeSink sink) {
    JsonNode usage = root.get("usage");
    if (usage == null || !usage.isObject()) {
      return;
    }
    Usage counts =
        new Usage(
            count(usage.get("prompt_tokens")),
            count(usage.get("completion_tokens")),
            count(usage.path("completion_tokens_details").get("reasoning_tokens")),
            count(usage.path("prompt_tokens_details").get("cached_tokens")));
    if (counts.promptTokens().isPresent()
        || counts.completionTokens().isPresent()
        || counts.reasoningTokens().isPresent()
        || counts.cachedTokens().isPresent()) {
      sink.usage(counts);
    }
  }

  private static OptionalInt count(@Nullable JsonNode node) {
    if (node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0) {
      return OptionalInt.of(node.intValue());
    }
    return OptionalInt.empty();
  }

  /**
   * Returns the server's error text: {@code error.message}, a string {@code error}, a top-level
   * {@code message}, or else the JSON (or raw text) itself.
   */
  private static String errorMessage(@Nullable JsonNode root, String raw) {
    if (root != null) {
      JsonNode error = root.get("error");
      if (error != null && error.isTextual()) {
        return error.textValue();
      }
      JsonNode message =
          error != null && error.isObject() ? error.get("message") : root.get("message");
      if (isNonEmptyText(message)) {
        return message.textValue();
      }
      if (error != null && !error.isNull()) {
        return OpenAiRequestBuilder.abbreviate(error.toString(), 2 * QUOTED_CHARS);
      }
    }
    return OpenAiRequestBuilder.abbreviate(raw, 2 * QUOTED_CHARS);
  }

  private static boolean isNonEmptyText(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }
}
