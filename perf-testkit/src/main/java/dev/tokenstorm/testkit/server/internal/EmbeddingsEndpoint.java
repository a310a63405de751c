package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/embeddings}: OpenAI-compatible embeddings. {@code input} is a string, an array of
 * strings, a token-id array or an array of token-id arrays; each input gets a vector of {@value
 * #DIMENSION} floats, as a JSON array or, with {@code "encoding_format": "base64"}, as base64 of
 * little-endian float32 values. {@code usage.prompt_tokens} counts the words of the texts (or the
 * token ids). The body is written when the profile's TTFT plus the prefill time of the input tokens
 * has passed after admission, under the same capacity limit as generation; faults act on the body
 * as {@link BodyResponder} documents.
 */
final class EmbeddingsEndpoint implements EndpointHandler {

  static final int DIMENSION = 8;

  private final ServerContext context;

  EmbeddingsEndpoint(ServerContext context) {
    this.context = context;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public boolean requiresJsonBody() {
    return true;
  }

  @Override
  public void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException {
    JsonNode json = Objects.requireNonNull(body, "body");
    List<Integer> tokensPerInput;
    try {
      tokensPerInput = tokensPerInput(json.get("input"));
    } catch (InvalidRequestException e) {
      ErrorResponses.send(exchange, context.mapper(), 400, e.getMessage());
      return;
    }
    String format = json.path("encoding_format").asText("float");
    if (!format.equals("float") && !format.equals("base64")) {
      ErrorResponses.send(exchange, context.mapper(), 400,
          "'encoding_format' must be float or base64, got " + format);
      return;
    }
    int tokens = tokensPerInput.stream().mapToInt(Integer::intValue).sum();
    exchange.truth().promptTokens(tokens);
    String model = json.path("model").asText(context.defaultModel());

    ObjectNode root = context.mapper().createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < tokensPerInput.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      float[] vector = vector(i);
      if (format.equals("base64")) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
          bytes.putFloat(value);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
    }
    root.put("model", model);
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    ServiceTime.respond(context, exchange, root.toString(), tokens, fault);
  }

  /** Returns a fixed unit-length vector for input {@code index}. */
  private static float[] vector(int index) {
    float[] vector = new float[DIMENSION];
    double norm = 0;
    for (int j = 0; j < DIMENSION; j++) {
      vector[j] = (float) Math.sin(index + j + 1.0);
      norm += vector[j] * vector[j];
    }
    for (int j = 0; j < DIMENSION; j++) {
      vector[j] = (float) (vector[j] / Math.sqrt(norm));
    }
    return vector;
  }

  private static List<Integer> tokensPerInput(@Nullable JsonNode input)
      throws InvalidRequestException {
    if (input == null) {
      throw new InvalidRequestException(
          "'input' is required: a string, an array of strings or token ids");
    }
    List<Integer> counts = new ArrayList<>();
    if (input.isTextual()) {
      counts.add(PromptTokens.words(input.asText()));
      return counts;
    }
    if (!input.isArray() || input.isEmpty()) {
      throw new InvalidRequestException("'input' must be a string or a non-empty array, got "
          + input.getNodeType());
    }
    if (input.get(0).isNumber()) {
      counts.add(input.size());
      return counts;
    }
    for (JsonNode element : input) {
      if (element.isTextual()) {
        counts.add(PromptTokens.words(element.asText()));
      } else if (element.isArray()) {
        counts.add(element.size());
      } else {
        throw new InvalidRequestException(
            "'input' array elements must be strings or token-id arrays, got "
                + element.getNodeType());
      }
    }
    return counts;
  }
}
