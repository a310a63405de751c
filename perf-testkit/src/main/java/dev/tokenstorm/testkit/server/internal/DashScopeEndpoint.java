package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/services/aigc/text-generation/generation}: DashScope's native text
 * generation. Requires {@code input.messages} or {@code input.prompt}; {@code parameters.max_tokens}
 * caps the output. The response streams when the request has the header {@code X-DashScope-SSE:
 * enable} (or {@code Accept: text/event-stream}): each event has {@code id:}, {@code event:result}
 * and a {@code :HTTP_STATUS/200} comment line, and its data carries {@code output.choices[0].message}
 * ({@code content}, {@code reasoning_content}) and cumulative {@code usage} ({@code input_tokens},
 * {@code output_tokens}). With {@code parameters.incremental_output: true} each event carries only
 * its new text, otherwise the whole text so far. The last data event has {@code finish_reason}
 * {@code stop} or {@code length}; a comment line ends the stream. Whole, it is one such object. An
 * injected error event is {@code event:error} with {@code code} and {@code message}.
 */
final class DashScopeEndpoint extends GenerationEndpoint {

  static final String PATH = "/api/v1/services/aigc/text-generation/generation";

  /**
   * Whether the request being handled on this thread asked for {@code incremental_output}. The
   * shared generation flow passes only a {@link GenerationRequest} to {@link #streamFormat}, so
   * {@link #handle} sets this for the duration of one request.
   */
  private final ThreadLocal<Boolean> incrementalOutput = ThreadLocal.withInitial(() -> false);

  DashScopeEndpoint(ServerContext context) {
    super(context);
  }

  @Override
  public void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException {
    // The shared parser reads the OpenAI fields; map DashScope's onto them.
    if (body instanceof ObjectNode object) {
      ObjectNode copy = object.deepCopy();
      JsonNode parameters = object.path("parameters");
      if (parameters.has("max_tokens")) {
        copy.set("max_tokens", parameters.get("max_tokens"));
      }
      copy.put("stream", streamRequested(exchange.request()));
      copy.remove("stream_options");
      body = copy;
      incrementalOutput.set(parameters.path("incremental_output").asBoolean(false));
    }
    try {
      super.handle(exchange, body, fault);
    } finally {
      incrementalOutput.remove();
    }
  }

  private static boolean streamRequested(HttpRequest request) {
    return request.header("x-dashscope-sse").map(v -> v.equalsIgnoreCase("enable")).orElse(false)
        || request.header("accept").map(v -> v.toLowerCase(Locale.ROOT)
            .contains("text/event-stream")).orElse(false);
  }

  @Override
  int promptTokens(JsonNode body) throws InvalidRequestException {
    JsonNode input = body.get("input");
    if (input == null || !input.isObject()) {
      throw new InvalidRequestException(
          "'input' is required: an object with 'messages' or 'prompt'");
    }
    JsonNode prompt = input.get("prompt");
    if (prompt != null && prompt.isTextual()) {
      return PromptTokens.words(prompt.asText());
    }
    return PromptTokens.ofMessages(input);
  }

  @Override
  boolean supportsReasoning() {
    return true;
  }

  @Override
  boolean supportsRoleChunk() {
    return false;
  }

  @Override
  StreamFormat streamFormat(GenerationRequest request, GenerationPlan plan, long index) {
    return new Format("sim-" + index, request, plan, incrementalOutput.get());
  }

  @Override
  String body(GenerationRequest request, GenerationPlan plan, long index, boolean invalidUtf8Marker) {
    String marker = invalidUtf8Marker ? BodyResponder.INVALID_UTF8_MARKER : "";
    return result("sim-" + index, request.promptTokens(), plan.outputTokens(),
        plan.reasoningTokens(), OpenAiJson.words("think", plan.reasoningTokens()),
        marker + OpenAiJson.words("tok", plan.contentTokens()), plan.finishReason());
  }

  private String result(String id, int inputTokens, int outputTokens, int reasoningTokens,
      String reasoning, String content, @Nullable String finishReason) {
    ObjectNode root = context.mapper().createObjectNode();
    ObjectNode choice = root.putObject("output").putArray("choices").addObject();
    choice.put("finish_reason", finishReason == null ? "null" : finishReason);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    if (!reasoning.isEmpty()) {
      message.put("reasoning_content", reasoning);
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("input_tokens", inputTokens);
    usage.put("output_tokens", outputTokens);
    usage.put("total_tokens", inputTokens + outputTokens);
    if (reasoningTokens > 0) {
      usage.putObject("output_tokens_details").put("reasoning_tokens", reasoningTokens);
    }
    root.put("request_id", id);
    return root.toString();
  }

  private final class Format implements StreamFormat {
    private final String id;
    private final GenerationRequest request;
    private final GenerationPlan plan;
    private final boolean incremental;
    private int sequence;
    private int reasoningSent;
    private int contentSent;

    Format(String id, GenerationRequest request, GenerationPlan plan, boolean incremental) {
      this.id = id;
      this.request = request;
      this.plan = plan;
      this.incremental = incremental;
    }

    @Override
    public byte[] render(PlannedEvent event) {
      return switch (event.kind()) {
        case REASONING -> {
          reasoningSent = event.firstToken() + event.tokens();
          yield data(text("think", event, reasoningSent), incremental ? "" : allContent(), null);
        }
        case CONTENT -> {
          contentSent = event.firstToken() + event.tokens();
          yield data(incremental ? "" : allReasoning(), text("tok", event, contentSent), null);
        }
        case FINISH -> data(incremental ? "" : allReasoning(), incremental ? "" : allContent(),
            plan.finishReason());
        default -> ": end of stream\n\n".getBytes(StandardCharsets.US_ASCII);
      };
    }

    @Override
    public byte[] errorEvent(String message) {
      ObjectNode error = context.mapper().createObjectNode();
      error.put("code", "InternalError").put("message", message).put("request_id", id);
      return frame("error", 500, error.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedEvent() {
      return frame("result", 200,
          "{\"output\":{\"choices\":[{\"message\":{\"content\":\"tok".getBytes(
              StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] invalidUtf8Event() {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.writeBytes("{\"output\":{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\""
          .getBytes(StandardCharsets.US_ASCII));
      data.writeBytes(OpenAiJson.INVALID_UTF8);
      data.writeBytes("\"},\"finish_reason\":\"null\"}]}}".getBytes(StandardCharsets.US_ASCII));
      return frame("result", 200, data.toByteArray());
    }

    private String text(String word, PlannedEvent event, int sentSoFar) {
      if (incremental) {
        StringBuilder text = new StringBuilder();
        OpenAiJson.appendWords(text, word, event.firstToken(), event.tokens());
        return text.toString();
      }
      return OpenAiJson.words(word, sentSoFar);
    }

    private String allReasoning() {
      return OpenAiJson.words("think", reasoningSent);
    }

    private String allContent() {
      return OpenAiJson.words("tok", contentSent);
    }

    private byte[] data(String reasoning, String content, @Nullable String finishReason) {
      String json = result(id, request.promptTokens(), reasoningSent + contentSent,
          reasoningSent, reasoning, content, finishReason);
      return frame("result", 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] frame(String event, int status, byte[] data) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
      out.writeBytes(("id:" + ++sequence + "\nevent:" + event + "\n:HTTP_STATUS/" + status
          + "\ndata:").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(data);
      out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }
  }
}
