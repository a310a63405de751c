package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rerank endpoint in one of three response shapes. Requires {@code query} and {@code documents}
 * (strings or {@code {"text": ...}} objects; {@code texts} is accepted for Text Embeddings
 * Inference). Document {@code i} scores {@code 1 / (i + 2)}, so results come back in input order;
 * {@code top_n} limits them. Input tokens are the words of the query plus those of every document.
 * Timing, capacity and faults are those of {@link EmbeddingsEndpoint}.
 */
final class RerankEndpoint implements EndpointHandler {

  /** The response shape. */
  enum Style {
    /** Jina and vLLM {@code /v1/rerank}: {@code results[].relevance_score} and {@code usage}. */
    JINA,
    /** Cohere {@code /v2/rerank}: {@code results[].relevance_score} and {@code meta.billed_units}. */
    COHERE,
    /** Text Embeddings Inference {@code /rerank}: a top-level array of {@code {index, score}}. */
    TEI
  }

  private final ServerContext context;
  private final Style style;

  RerankEndpoint(ServerContext context, Style style) {
    this.context = context;
    this.style = style;
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
    JsonNode query = json.get("query");
    JsonNode documents = json.has("documents") ? json.get("documents") : json.get("texts");
    if (query == null || !query.isTextual() || documents == null || !documents.isArray()
        || documents.isEmpty()) {
      ErrorResponses.send(exchange, context.mapper(), 400,
          "'query' (a string) and 'documents' (a non-empty array) are required");
      return;
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode document : documents) {
      texts.add(document.isTextual() ? document.asText() : document.path("text").asText(""));
    }
    int tokens = PromptTokens.words(query.asText());
    for (String text : texts) {
      tokens += PromptTokens.words(text);
    }
    exchange.truth().promptTokens(tokens);
    int topN = Math.min(texts.size(), json.path("top_n").asInt(texts.size()));

    ArrayNode results = context.mapper().createArrayNode();
    for (int i = 0; i < topN; i++) {
      ObjectNode result = results.addObject();
      result.put("index", i);
      result.put(style == Style.TEI ? "score" : "relevance_score", 1.0 / (i + 2));
      if (style == Style.JINA) {
        result.putObject("document").put("text", texts.get(i));
      }
    }
    String response = switch (style) {
      case TEI -> results.toString();
      case JINA -> {
        ObjectNode root = context.mapper().createObjectNode();
        root.put("id", "rerank-sim-" + exchange.truth().index());
        root.put("model", json.path("model").asText(context.defaultModel()));
        root.putObject("usage").put("total_tokens", tokens);
        root.set("results", results);
        yield root.toString();
      }
      case COHERE -> {
        ObjectNode root = context.mapper().createObjectNode();
        root.put("id", "rerank-sim-" + exchange.truth().index());
        root.set("results", results);
        ObjectNode meta = root.putObject("meta");
        meta.putObject("api_version").put("version", "2");
        meta.putObject("billed_units").put("search_units", 1).put("input_tokens", tokens);
        yield root.toString();
      }
    };
    ServiceTime.respond(context, exchange, response, tokens, fault);
  }
}
