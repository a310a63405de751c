package dev.tokenstorm.core.internal.plugin.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;

/**
 * Decodes DashScope text-generation output, streamed or whole.
 *
 * <p>Each event (or the body) is {@code {"output": {...}, "usage": {...}, "request_id": ...}}. The
 * output is {@code output.choices[0].message} ({@code content} and {@code reasoning_content}) with
 * {@code result_format: "message"}, or {@code output.text} with the older text format. With
 * {@code incremental_output} each event carries only new text; without it each event repeats the
 * whole text so far, and only the new suffix becomes a token event. Usage ({@code input_tokens},
 * {@code output_tokens}, {@code output_tokens_details.reasoning_tokens},
 * {@code prompt_tokens_details.cached_tokens}) is cumulative, so later events replace earlier
 * counts. An event with {@code finish_reason} {@code stop} or {@code length} is the end marker. An
 * {@code error} event, or a body with {@code code} and {@code message} and no {@code output}, fails
 * the request with the message.
 *
 * <p>Threading: one decoder per request, called by one thread at a time.
 */
final class DashScopeDecoder implements ResponseDecoder {

  private final PluginJson json;
  private final boolean incremental;
  private final StringBuilder contentSoFar = new StringBuilder();
  private final StringBuilder reasoningSoFar = new StringBuilder();

  DashScopeDecoder(PluginJson json, boolean incremental) {
    this.json = json;
    this.incremental = incremental;
  }

  @Override
  public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
    String data = event.data().strip();
    if (data.isEmpty()) {
      return;
    }
    JsonNode root = json.parse(data);
    if (root == null || !root.isObject()) {
      sink.malformed(
          "event data is not a JSON object: "
              + PluginJson.abbreviate(data, PluginJson.QUOTED_CHARS));
      return;
    }
    if (event.type().equals("error") || isError(root)) {
      sink.fail(errorMessage(root, data));
      return;
    }
    report(root, arrivalNanos, sink, !incremental);
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
    if (isError(root)) {
      sink.fail(errorMessage(root, body));
      return;
    }
    if (!root.path("output").isObject()) {
      sink.fail("response has no output object: "
          + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
      return;
    }
    report(root, arrivalNanos, sink, false);
  }

  private void report(JsonNode root, long arrivalNanos, DecodeSink sink, boolean cumulative) {
    JsonNode output = root.path("output");
    JsonNode choice = output.path("choices").path(0);
    JsonNode message = choice.path("message");
    String reasoning = message.path("reasoning_content").asText("");
    String content = message.isObject()
        ? message.path("content").asText("")
        : output.path("text").asText("");
    emit(TokenKind.REASONING, reasoning, reasoningSoFar, cumulative, arrivalNanos, sink);
    emit(TokenKind.CONTENT, content, contentSoFar, cumulative, arrivalNanos, sink);

    JsonNode usage = root.get("usage");
    if (usage != null && usage.isObject()) {
      Usage counts = new Usage(
          PluginJson.firstCount(usage.get("input_tokens"), usage.get("prompt_tokens")),
          PluginJson.firstCount(usage.get("output_tokens"), usage.get("completion_tokens")),
          PluginJson.count(usage.path("output_tokens_details").get("reasoning_tokens")),
          PluginJson.count(usage.path("prompt_tokens_details").get("cached_tokens")));
      if (counts.promptTokens().isPresent() || counts.completionTokens().isPresent()) {
        sink.usage(counts);
      }
    }
    String finish = choice.isObject()
        ? choice.path("finish_reason").asText("")
        : output.path("finish_reason").asText("");
    if (finish.equals("stop") || finish.equals("length")) {
      sink.done(arrivalNanos);
    }
  }

  /**
   * Reports {@code text} as a token event: as it is when incremental, else only the part after
   * the text seen so far.
   */
  private static void emit(TokenKind kind, String text, StringBuilder soFar, boolean cumulative,
      long arrivalNanos, DecodeSink sink) {
    String delta = text;
    if (cumulative) {
      String previous = soFar.toString();
      delta = text.startsWith(previous) ? text.substring(previous.length()) : text;
      soFar.setLength(0);
      soFar.append(text);
    }
    if (!delta.isEmpty()) {
      sink.token(kind, delta, arrivalNanos);
    }
  }

  private static boolean isError(JsonNode root) {
    return PluginJson.hasError(root)
        || !root.has("output") && root.has("code") && root.has("message");
  }

  private static String errorMessage(JsonNode root, String raw) {
    if (PluginJson.hasError(root)) {
      return PluginJson.errorMessage(root, raw);
    }
    String message = root.path("message").asText("");
    String code = root.path("code").asText("");
    if (message.isEmpty()) {
      return PluginJson.abbreviate(raw, 2 * PluginJson.QUOTED_CHARS);
    }
    return code.isEmpty() ? message : message + " (" + code + ")";
  }
}
