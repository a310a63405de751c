package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.EventKind;

/**
 * {@code POST /v1/chat/completions}: responds with {@code "tok0 tok1 …"} as {@code
 * chat.completion.chunk} events ({@code choices[0].delta.content}, reasoning as {@code
 * delta.reasoning_content}) or as one {@code chat.completion} body with {@code usage}.
 */
final class ChatCompletionsEndpoint extends GenerationEndpoint {

  ChatCompletionsEndpoint(ServerContext context) {
    super(context);
  }

  @Override
  int promptTokens(JsonNode body) throws InvalidRequestException {
    return PromptTokens.ofMessages(body);
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
    return new ChatFormat("chatcmpl-sim-" + index, request, plan);
  }

  @Override
  String body(GenerationRequest request, GenerationPlan plan, long index, boolean invalidUtf8Marker) {
    ObjectNode root = context.mapper().createObjectNode();
    root.put("id", "chatcmpl-sim-" + index);
    root.put("object", "chat.completion");
    root.put("created", created());
    root.put("model", request.model());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    String marker = invalidUtf8Marker ? BodyResponder.INVALID_UTF8_MARKER : "";
    message.put("content", marker + OpenAiJson.words("tok", plan.contentTokens()));
    if (plan.reasoningTokens() > 0) {
      message.put("reasoning_content", OpenAiJson.words("think", plan.reasoningTokens()));
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", plan.finishReason());
    OpenAiJson.putUsage(root, request.promptTokens(), plan.outputTokens(), plan.reasoningTokens());
    return root.toString();
  }

  private static final class ChatFormat extends OpenAiStreamFormat {
    ChatFormat(String id, GenerationRequest request, GenerationPlan plan) {
      super(id, "chat.completion.chunk", request, plan);
    }

    @Override
    void appendChoice(StringBuilder json, PlannedEvent event, String finishReason) {
      json.append("{\"index\":0,\"delta\":");
      switch (event.kind()) {
        case ROLE -> json.append("{\"role\":\"assistant\",\"content\":\"\"}");
        case REASONING -> appendText(json, "reasoning_content", "think", event);
        case CONTENT -> appendText(json, "content", "tok", event);
        default -> json.append("{}");
      }
      json.append(",\"logprobs\":null,\"finish_reason\":");
      if (event.kind() == EventKind.FINISH) {
        json.append('"').append(finishReason).append('"');
      } else {
        json.append("null");
      }
      json.append('}');
    }

    @Override
    String textField() {
      return "\"delta\":{\"content\"";
    }

    @Override
    String closeTextField() {
      return "}";
    }

    private static void appendText(StringBuilder json, String field, String word, PlannedEvent event) {
      json.append("{\"").append(field).append("\":\"");
      OpenAiJson.appendWords(json, word, event.firstToken(), event.tokens());
      json.append("\"}");
    }
  }
}
