package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.EventKind;

/**
 * {@code POST /v1/completions}: responds with {@code "tok0 tok1 …"} as {@code text_completion} events
 * ({@code choices[0].text}) or as one {@code text_completion} body with {@code usage}. Sends no
 * role chunk and no reasoning.
 */
final class CompletionsEndpoint extends GenerationEndpoint {

  CompletionsEndpoint(ServerContext context) {
    super(context);
  }

  @Override
  int promptTokens(JsonNode body) throws InvalidRequestException {
    return PromptTokens.ofPrompt(body);
  }

  @Override
  boolean supportsReasoning() {
    return false;
  }

  @Override
  boolean supportsRoleChunk() {
    return false;
  }

  @Override
  StreamFormat streamFormat(GenerationRequest request, GenerationPlan plan, long index) {
    return new CompletionFormat("cmpl-sim-" + index, request, plan);
  }

  @Override
  String body(GenerationRequest request, GenerationPlan plan, long index, boolean invalidUtf8Marker) {
    ObjectNode root = context.mapper().createObjectNode();
    root.put("id", "cmpl-sim-" + index);
    root.put("object", "text_completion");
    root.put("created", created());
    root.put("model", request.model());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    String marker = invalidUtf8Marker ? BodyResponder.INVALID_UTF8_MARKER : "";
    choice.put("text", marker + OpenAiJson.words("tok", plan.contentTokens()));
    choice.putNull("logprobs");
    choice.put("finish_reason", plan.finishReason());
    OpenAiJson.putUsage(root, request.promptTokens(), plan.outputTokens(), 0);
    return root.toString();
  }

  private static final class CompletionFormat extends OpenAiStreamFormat {
    CompletionFormat(String id, GenerationRequest request, GenerationPlan plan) {
      super(id, "text_completion", request, plan);
    }

    @Override
    void appendChoice(StringBuilder json, PlannedEvent event, String finishReason) {
      json.append("{\"index\":0,\"text\":\"");
      if (event.kind() == EventKind.CONTENT) {
        OpenAiJson.appendWords(json, "tok", event.firstToken(), event.tokens());
      }
      json.append("\",\"logprobs\":null,\"finish_reason\":");
      if (event.kind() == EventKind.FINISH) {
        json.append('"').append(finishReason).append('"');
      } else {
        json.append("null");
      }
      json.append('}');
    }

    @Override
    String textField() {
      return "\"text\"";
    }

    @Override
    String closeTextField() {
      return "";
    }
  }
}
