package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

/**
 * The fields of a generation request body that the server acts on.
 *
 * @param model the {@code model} field, or the server's first model when absent
 * @param stream the {@code stream} field, false when absent
 * @param includeUsage {@code stream_options.include_usage}, false when absent
 * @param maxTokens the smaller of {@code max_tokens} and {@code max_completion_tokens}, if either
 *     is present
 * @param promptTokens the prompt's token count
 */
public record GenerationRequest(
    String model, boolean stream, boolean includeUsage, OptionalInt maxTokens, int promptTokens) {

  /**
   * Reads the common fields of {@code body}.
   *
   * @throws InvalidRequestException if a field has the wrong type or a negative token limit
   */
  static GenerationRequest parse(JsonNode body, String defaultModel, int promptTokens)
      throws InvalidRequestException {
    JsonNode model = body.get("model");
    if (model != null && !model.isTextual() && !model.isNull()) {
      throw new InvalidRequestException("'model' must be a string, got " + model.getNodeType());
    }
    boolean stream = bool(body.get("stream"), "stream");
    JsonNode options = body.get("stream_options");
    boolean includeUsage = options != null && options.isObject()
        && bool(options.get("include_usage"), "stream_options.include_usage");
    OptionalInt maxTokens = OptionalInt.empty();
    for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonNode limit = body.get(field);
      if (limit == null || limit.isNull()) {
        continue;
      }
      if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 0) {
        throw new InvalidRequestException(
            "'" + field + "' must be a non-negative integer, got " + limit);
      }
      int value = limit.asInt();
      maxTokens = OptionalInt.of(maxTokens.isPresent() ? Math.min(maxTokens.getAsInt(), value) : value);
    }
    String modelName = model != null && model.isTextual() ? model.asText() : defaultModel;
    return new GenerationRequest(modelName, stream, includeUsage, maxTokens, promptTokens);
  }

  private static boolean bool(JsonNode node, String field) throws InvalidRequestException {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidRequestException("'" + field + "' must be true or false, got " + node);
    }
    return node.asBoolean();
  }
}
