package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/responses}: the OpenAI Responses API. Requires {@code input} (a string or a
 * message list); {@code max_output_tokens} caps the output. Streamed, the events are {@code
 * response.created} (when the profile sends a role chunk), {@code response.reasoning_text.delta}
 * and {@code response.output_text.delta} per token event, {@code response.output_text.done}, then
 * {@code response.completed} with {@code usage} ({@code input_tokens}, {@code output_tokens}), or
 * {@code response.incomplete} with reason {@code max_output_tokens} when the cap cut the output.
 * Each event has an {@code event:} line naming its type. Whole, it is one {@code response} object.
 * An injected error event is {@code response.failed} with the fault's message.
 */
final class ResponsesEndpoint extends GenerationEndpoint {

  ResponsesEndpoint(ServerContext context) {
    super(context);
  }

  @Override
  public void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException {
    // The shared parser reads max_tokens; the Responses API names the cap max_output_tokens.
    if (body instanceof ObjectNode object && object.has("max_output_tokens")) {
      ObjectNode copy = object.deepCopy();
      copy.set("max_tokens", object.get("max_output_tokens"));
      copy.remove("stream_options");
      body = copy;
    }
    super.handle(exchange, body, fault);
  }

  @Override
  int promptTokens(JsonNode body) throws InvalidRequestException {
    JsonNode input = body.get("input");
    if (input == null) {
      throw new InvalidRequestException("'input' is required: a string or an array of messages");
    }
    if (input.isTextual()) {
      return PromptTokens.words(input.asText());
    }
    if (!input.isArray()) {
      throw new InvalidRequestException("'input' must be a string or an array, got "
          + input.getNodeType());
    }
    ObjectNode asMessages = context.mapper().createObjectNode();
    asMessages.set("messages", input);
    return PromptTokens.ofMessages(asMessages);
  }

  @Override
  boolean supportsReasoning() {
    return true;
  }

  @Override
  boolean supportsRoleChunk() {
    return true;
  }

  @Override
  StreamFormat streamFormat(GenerationRequest request, GenerationPlan plan, long index) {
    return new Format("resp_sim_" + index, request, plan);
  }

  @Override
  String body(GenerationRequest request, GenerationPlan plan, long index, boolean invalidUtf8Marker) {
    ObjectNode root = response(context, "resp_sim_" + index, request, plan);
    ArrayNode output = root.putArray("output");
    if (plan.reasoningTokens() > 0) {
      ObjectNode reasoning = output.addObject();
      reasoning.put("type", "reasoning");
      reasoning.put("id", "rs_sim_" + index);
      reasoning.putArray("summary");
      reasoning.putArray("content").addObject().put("type", "reasoning_text")
          .put("text", OpenAiJson.words("think", plan.reasoningTokens()));
    }
    ObjectNode message = output.addObject();
    message.put("type", "message");
    message.put("id", "msg_sim_" + index);
    message.put("role", "assistant");
    message.put("status", "completed");
    String marker = invalidUtf8Marker ? BodyResponder.INVALID_UTF8_MARKER : "";
    message.putArray("content").addObject().put("type", "output_text")
        .put("text", marker + OpenAiJson.words("tok", plan.contentTokens()))
        .putArray("annotations");
    return root.toString();
  }

  /** Returns a response object with status, usage and incomplete details, but no output. */
  private static ObjectNode response(
      ServerContext context, String id, GenerationRequest request, GenerationPlan plan) {
    ObjectNode root = context.mapper().createObjectNode();
    root.put("id", id);
    root.put("object", "response");
    root.put("created_at", created());
    root.put("model", request.model());
    boolean capped = plan.finishReason().equals("length");
    root.put("status", capped ? "incomplete" : "completed");
    if (capped) {
      root.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      root.putNull("incomplete_details");
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("input_tokens", request.promptTokens());
    usage.putObject("input_tokens_details").put("cached_tokens", 0);
    usage.put("output_tokens", plan.outputTokens());
    usage.putObject("output_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
    usage.put("total_tokens", request.promptTokens() + plan.outputTokens());
    return root;
  }

  private final class Format implements StreamFormat {
    private final String id;
    private final GenerationRequest request;
    private final GenerationPlan plan;
    private int sequence;

    Format(String id, GenerationRequest request, GenerationPlan plan) {
      this.id = id;
      this.request = request;
      this.plan = plan;
    }

    @Override
    public byte[] render(PlannedEvent event) {
      return switch (event.kind()) {
        case ROLE -> {
          ObjectNode created = context.mapper().createObjectNode();
          created.put("id", id).put("object", "response").put("status", "in_progress")
              .put("model", request.model());
          yield event("response.created", "\"response\":" + created);
        }
        case REASONING -> event("response.reasoning_text.delta",
            "\"item_id\":\"rs_" + id + "\",\"output_index\":0,\"content_index\":0,\"delta\":"
                + words("think", event));
        case CONTENT -> event("response.output_text.delta",
            "\"item_id\":\"msg_" + id + "\",\"output_index\":1,\"content_index\":0,\"delta\":"
                + words("tok", event));
        case FINISH -> event("response.output_text.done",
            "\"item_id\":\"msg_" + id + "\",\"output_index\":1,\"content_index\":0,\"text\":"
                + OpenAiJson.quote(OpenAiJson.words("tok", plan.contentTokens())));
        case DONE -> {
          ObjectNode response = response(context, id, request, plan);
          String type = response.path("status").asText().equals("completed")
              ? "response.completed" : "response.incomplete";
          yield event(type, "\"response\":" + response);
        }
        default -> event("response.in_progress", "\"response\":{\"id\":\"" + id + "\"}");
      };
    }

    @Override
    public byte[] errorEvent(String message) {
      ObjectNode response = context.mapper().createObjectNode();
      response.put("id", id).put("object", "response").put("status", "failed");
      response.putObject("error").put("code", "server_error").put("message", message);
      return event("response.failed", "\"response\":" + response);
    }

    @Override
    public byte[] malformedEvent() {
      return ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
          + "\"delta\":\"tok\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] invalidUtf8Event() {
      byte[] before = ("event: response.output_text.delta\ndata: {\"type\":"
          + "\"response.output_text.delta\",\"sequence_number\":" + sequence++ + ",\"delta\":\"")
          .getBytes(StandardCharsets.US_ASCII);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(before);
      out.writeBytes(OpenAiJson.INVALID_UTF8);
      out.writeBytes("\"}\n\n".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }

    private byte[] event(String type, String fields) {
      String data = "{\"type\":\"" + type + "\",\"sequence_number\":" + sequence++ + "," + fields
          + "}";
      return ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String words(String word, PlannedEvent event) {
      StringBuilder text = new StringBuilder();
      OpenAiJson.appendWords(text, word, event.firstToken(), event.tokens());
      return OpenAiJson.quote(text.toString());
    }
  }
}
