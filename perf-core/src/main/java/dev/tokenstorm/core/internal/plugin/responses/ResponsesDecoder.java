package dev.tokenstorm.core.internal.plugin.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes Responses API output.
 *
 * <h2>Streamed events</h2>
 *
 * The event type is the JSON {@code type} member (or the SSE {@code event:} name when the data has
 * none).
 *
 * <ul>
 *   <li>Non-empty {@code delta} of {@code response.output_text.delta} ({@link TokenKind#CONTENT}),
 *       {@code response.refusal.delta} ({@link TokenKind#REFUSAL}),
 *       {@code response.reasoning_text.delta} and {@code response.reasoning_summary_text.delta}
 *       ({@link TokenKind#REASONING}), {@code response.function_call_arguments.delta} and
 *       {@code response.custom_tool_call_input.delta} ({@link TokenKind#TOOL_CALL}) are token
 *       events. Every other event (created, in-progress, item added, text done) carries no output.
 *   <li>{@code response.completed}: usage from {@code response.usage} ({@code input_tokens} and
 *       {@code output_tokens}, else {@code prompt_tokens} and {@code completion_tokens}), then
 *       {@link DecodeSink#done}.
 *   <li>{@code response.failed}: fails with {@code response.error.message} (or code).
 *   <li>{@code response.incomplete}: fails with {@code response.incomplete_details.reason}, such as
 *       {@code max_output_tokens}; the usage it carries is still reported.
 *   <li>{@code error} (type or member): fails with the message.
 *   <li>Data that is not a JSON object: {@link DecodeSink#malformed}, and decoding goes on.
 * </ul>
 *
 * <h2>Whole bodies</h2>
 *
 * A {@code response} object: each {@code output} item gives one token event per kind
 * ({@code message} content {@code output_text} and {@code refusal}, {@code reasoning} summary and
 * content text, {@code function_call} arguments), stamped with the body's arrival time. A status of
 * {@code failed} or {@code incomplete} fails the request as above.
 *
 * <p>Threading: one decoder per request, called by one thread at a time.
 */
final class ResponsesDecoder implements ResponseDecoder {

  private static final Map<String, TokenKind> DELTA_EVENTS =
      Map.of(
          "response.output_text.delta", TokenKind.CONTENT,
          "response.refusal.delta", TokenKind.REFUSAL,
          "response.reasoning_text.delta", TokenKind.REASONING,
          "response.reasoning_summary_text.delta", TokenKind.REASONING,
          "response.function_call_arguments.delta", TokenKind.TOOL_CALL,
          "response.custom_tool_call_input.delta", TokenKind.TOOL_CALL);

  private final PluginJson json;

  ResponsesDecoder(PluginJson json) {
    this.json = json;
  }

  @Override
  public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
    String data = event.data().strip();
    if (data.isEmpty() || data.equals("[DONE]")) {
      return;
    }
    JsonNode root = json.parse(data);
    if (root == null || !root.isObject()) {
      sink.malformed(
          "event data is not a JSON object: "
              + PluginJson.abbreviate(data, PluginJson.QUOTED_CHARS));
      return;
    }
    String type = root.path("type").asText(event.type());
    TokenKind kind = DELTA_EVENTS.get(type);
    if (kind != null) {
      JsonNode delta = root.get("delta");
      if (PluginJson.isNonEmptyText(delta)) {
        sink.token(kind, delta.textValue(), arrivalNanos);
      }
      return;
    }
    switch (type) {
      case "response.completed" -> {
        reportUsage(root.path("response"), sink);
        sink.done(arrivalNanos);
      }
      case "response.failed" -> {
        reportUsage(root.path("response"), sink);
        sink.fail(failedMessage(root.path("response")));
      }
      case "response.incomplete" -> {
        reportUsage(root.path("response"), sink);
        sink.fail(incompleteMessage(root.path("response")));
      }
      case "error" -> sink.fail(errorText(root, data));
      default -> {
        if (PluginJson.hasError(root)) {
          sink.fail(PluginJson.errorMessage(root, data));
        }
      }
    }
  }

  @Override
  public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
    JsonNode root = json.parse(body.strip());
    if (root == null || !root.isObject()) {
      sink.fail(
          "response is not JSON"
              + (contentType.isEmpty() ? "" : " (content type " + contentType + ")")
              + ": "
              + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
      return;
    }
    if (PluginJson.hasError(root) && !root.has("output")) {
      sink.fail(PluginJson.errorMessage(root, body));
      return;
    }
    JsonNode output = root.get("output");
    if (output == null || !output.isArray()) {
      sink.fail(
          "response has no output array: " + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
      return;
    }
    reportOutput(output, arrivalNanos, sink);
    reportUsage(root, sink);
    String status = root.path("status").asText("completed");
    if (status.equals("failed")) {
      sink.fail(failedMessage(root));
    } else if (status.equals("incomplete")) {
      sink.fail(incompleteMessage(root));
    }
  }

  private static void reportOutput(JsonNode output, long arrivalNanos, DecodeSink sink) {
    StringBuilder content = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    StringBuilder toolCalls = new StringBuilder();
    boolean toolCall = false;
    for (JsonNode item : output) {
      switch (item.path("type").asText("")) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            String partType = part.path("type").asText("");
            if (partType.equals("output_text")) {
              content.append(part.path("text").asText(""));
            } else if (partType.equals("refusal")) {
              refusal.append(part.path("refusal").asText(""));
            }
          }
        }
        case "reasoning" -> {
          for (JsonNode part : item.path("summary")) {
            reasoning.append(part.path("text").asText(""));
          }
          for (JsonNode part : item.path("content")) {
            reasoning.append(part.path("text").asText(""));
          }
        }
        case "function_call" -> {
          toolCall = true;
          toolCalls.append(item.path("arguments").asText(""));
        }
        default -> {}
      }
    }
    if (!reasoning.isEmpty()) {
      sink.token(TokenKind.REASONING, reasoning.toString(), arrivalNanos);
    }
    if (!content.isEmpty()) {
      sink.token(TokenKind.CONTENT, content.toString(), arrivalNanos);
    }
    if (toolCall) {
      sink.token(TokenKind.TOOL_CALL, toolCalls.toString(), arrivalNanos);
    }
    if (!refusal.isEmpty()) {
      sink.token(TokenKind.REFUSAL, refusal.toString(), arrivalNanos);
    }
  }

  /** Reports the {@code usage} of a response object, if it has counts. */
  private static void reportUsage(JsonNode response, DecodeSink sink) {
    JsonNode usage = response.get("usage");
    if (usage == null || !usage.isObject()) {
      return;
    }
    boolean responsesNames = usage.has("input_tokens") || usage.has("output_tokens");
    Usage counts =
        new Usage(
            PluginJson.count(usage.get(responsesNames ? "input_tokens" : "prompt_tokens")),
            PluginJson.count(usage.get(responsesNames ? "output_tokens" : "completion_tokens")),
            PluginJson.firstCount(
                usage.path("output_tokens_details").get("reasoning_tokens"),
                usage.path("completion_tokens_details").get("reasoning_tokens")),
            PluginJson.firstCount(
                usage.path("input_tokens_details").get("cached_tokens"),
                usage.path("prompt_tokens_details").get("cached_tokens")));
    if (counts.promptTokens().isPresent()
        || counts.completionTokens().isPresent()
        || counts.reasoningTokens().isPresent()
        || counts.cachedTokens().isPresent()) {
      sink.usage(counts);
    }
  }

  private static String failedMessage(JsonNode response) {
    JsonNode error = response.get("error");
    if (error != null && error.isObject()) {
      String message = error.path("message").asText("");
      String code = error.path("code").asText("");
      if (!message.isEmpty()) {
        return "response failed: " + message + (code.isEmpty() ? "" : " (" + code + ")");
      }
      if (!code.isEmpty()) {
        return "response failed: " + code;
      }
    }
    return "response failed: "
        + PluginJson.abbreviate(response.toString(), 2 * PluginJson.QUOTED_CHARS);
  }

  private static String incompleteMessage(JsonNode response) {
    String reason = response.path("incomplete_details").path("reason").asText("");
    return "response incomplete: " + (reason.isEmpty() ? "no reason given" : reason);
  }

  private static String errorText(JsonNode root, String raw) {
    @Nullable JsonNode message = root.get("message");
    if (PluginJson.isNonEmptyText(message)) {
      String code = root.path("code").asText("");
      return message.textValue() + (code.isEmpty() ? "" : " (" + code + ")");
    }
    return PluginJson.errorMessage(root, raw);
  }
}
