package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.EventKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The parts shared by OpenAI chunk formats: the {@code id/object/created/model} prefix, the
 * usage-only chunk, {@code [DONE]}, error and faulty events. Subclasses write the {@code choices}.
 */
abstract class OpenAiStreamFormat implements StreamFormat {

  private final String prefix;
  private final GenerationRequest request;
  private final GenerationPlan plan;

  OpenAiStreamFormat(String id, String object, GenerationRequest request, GenerationPlan plan) {
    this.prefix = "{\"id\":\"" + id + "\",\"object\":\"" + object + "\",\"created\":"
        + GenerationEndpoint.created() + ",\"model\":" + OpenAiJson.quote(request.model()) + ",";
    this.request = request;
    this.plan = plan;
  }

  @Override
  public byte[] render(PlannedEvent event) {
    if (event.kind() == EventKind.DONE) {
      return SseBytes.DONE;
    }
    StringBuilder json = new StringBuilder(prefix.length() + 160).append(prefix);
    if (event.kind() == EventKind.USAGE) {
      json.append("\"choices\":[],\"usage\":")
          .append(OpenAiJson.usage(request.promptTokens(), plan.outputTokens(), plan.reasoningTokens()));
    } else {
      json.append("\"choices\":[");
      appendChoice(json, event, plan.finishReason());
      json.append(']');
    }
    return SseBytes.data(json.append('}').toString());
  }

  @Override
  public byte[] errorEvent(String message) {
    return SseBytes.data(
        "{\"error\":{\"message\":" + OpenAiJson.quote(message)
            + ",\"type\":\"server_error\",\"param\":null,\"code\":500}}");
  }

  @Override
  public byte[] malformedEvent() {
    return ("data: {\"choices\":[{\"index\":0," + textField() + ":\"tok\n\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public byte[] invalidUtf8Event() {
    String chunk = prefix + "\"choices\":[{\"index\":0," + textField() + ":\"\uE000\""
        + closeTextField() + ",\"logprobs\":null,\"finish_reason\":null}]}";
    byte[] bytes = SseBytes.data(chunk);
    byte[] marker = "\uE000".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.indexOf('\uE000');
    byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    out.writeBytes(before);
    out.writeBytes(OpenAiJson.INVALID_UTF8);
    out.write(bytes, before.length + marker.length, bytes.length - before.length - marker.length);
    return out.toByteArray();
  }

  /**
   * Appends one choice object for a role, token or finish event.
   *
   * @param finishReason the finish reason for a {@link EventKind#FINISH} event
   */
  abstract void appendChoice(StringBuilder json, PlannedEvent event, String finishReason);

  /** Returns the JSON text that opens the completion-text string's key, such as {@code "text"}. */
  abstract String textField();

  /** Returns the JSON text that closes what {@link #textField()} opened, after the string. */
  abstract String closeTextField();
}
