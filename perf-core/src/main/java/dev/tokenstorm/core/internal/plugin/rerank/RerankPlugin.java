package dev.tokenstorm.core.internal.plugin.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.core.internal.plugin.support.EndpointUrls;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code openai_rerank} plugin (alias {@code rerank}): rerank endpoints of Cohere, Jina, vLLM
 * and Text Embeddings Inference.
 *
 * <h2>Request bodies</h2>
 *
 * {@code {"query": Q, "documents": [...], "model": M, ...extraArgs}}, never streamed. A
 * {@link RerankQuery} gives both; a {@link ChatQuery} uses its first message as the query and the
 * others as documents; a {@link PromptQuery} is the query with the one document
 * {@value #DEFAULT_DOCUMENT} (as evalscope does). A {@link RawBodyQuery} is sent as given with
 * {@code model} and {@code extraArgs} filled in.
 *
 * <h2>Responses</h2>
 *
 * Scores come from {@code results[].relevance_score} (Cohere, Jina, vLLM {@code /rerank}),
 * {@code results[].score}, {@code data[].score} (vLLM {@code /score}) or a top-level array of
 * {@code {index, score}} (Text Embeddings Inference). The result text is
 * {@code top_score=<first score, 4 decimals>, num_results=<N>}. Input tokens come from
 * {@code usage.prompt_tokens}, {@code usage.total_tokens}, Cohere's
 * {@code meta.billed_units.input_tokens}, or else {@code meta.billed_units.search_units} (which
 * counts searches, not tokens, and is used only as evalscope does). A body in none of these shapes,
 * or with an {@code error} object, fails the request with the reason.
 *
 * <p>Threading: {@link #buildRequest} is thread-safe, and each decoder serves one request.
 */
public final class RerankPlugin implements ApiPlugin {

  static final String DEFAULT_DOCUMENT = "This is a test document for reranking.";

  private static final List<String> ACCEPTED = List.of("/rerank", "/reranks", "/score");

  private final ObjectMapper mapper = PluginJson.newMapper();
  private final PluginJson json = new PluginJson(mapper);

  /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
  public RerankPlugin() {}

  @Override
  public String name() {
    return "openai_rerank";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("rerank");
  }

  @Override
  public ApiKind kind() {
    return ApiKind.RERANK;
  }

  /**
   * Returns {@code url}, kept when its path ends with {@code /rerank}, {@code /reranks} or
   * {@code /score}, else with {@code /rerank} appended (reported as a warning).
   */
  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    return EndpointUrls.withSuffix(url, "/rerank", ACCEPTED, warnings);
  }

  /**
   * Builds the request body for {@code query}.
   *
   * @throws IllegalArgumentException for embedding and token-id queries, a chat query with one
   *     message, or an invalid raw body
   */
  @Override
  public PluginRequest buildRequest(Query query, RequestContext context) {
    Objects.requireNonNull(query, "query");
    GenerationOptions options = context.options();
    if (query instanceof RawBodyQuery raw) {
      ObjectNode body = json.rawBody(raw);
      if (options.model() != null && !body.has("model")) {
        body.put("model", options.model());
      }
      json.putExtraArgs(body, options.extraArgs(), true);
      return new PluginRequest(json.write(body), raw.headers(), false, raw.requestId());
    }
    RerankQuery rerank = rerankQuery(query);
    ObjectNode body = mapper.createObjectNode();
    body.put("query", rerank.query());
    ArrayNode documents = body.putArray("documents");
    rerank.documents().forEach(documents::add);
    if (options.model() != null) {
      body.put("model", options.model());
    }
    json.putExtraArgs(body, options.extraArgs(), false);
    return PluginRequest.of(json.write(body), false);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return new RerankDecoder(json);
  }

  private static RerankQuery rerankQuery(Query query) {
    return switch (query) {
      case RerankQuery rerank -> rerank;
      case PromptQuery prompt -> new RerankQuery(prompt.prompt(), List.of(DEFAULT_DOCUMENT));
      case ChatQuery chat -> {
        List<ChatMessage> messages = chat.messages();
        if (messages.size() < 2) {
          throw new IllegalArgumentException(
              "a chat query for the openai_rerank api needs at least two messages (the query,"
                  + " then the documents) but has one; use a rerank dataset");
        }
        yield new RerankQuery(
            messages.get(0).text(),
            messages.subList(1, messages.size()).stream().map(ChatMessage::text).toList());
      }
      case EmbeddingQuery embedding ->
          throw new IllegalArgumentException(
              "the openai_rerank api cannot send an EmbeddingQuery: use api openai_embedding");
      case TokenIdsQuery ids ->
          throw new IllegalArgumentException(
              "the openai_rerank api cannot send token ids: turn off tokenizePrompt");
      case RawBodyQuery raw -> throw new IllegalStateException("raw bodies are handled earlier");
    };
  }

  /** Decodes one rerank response. One per request. */
  static final class RerankDecoder implements ResponseDecoder {
    private final PluginJson json;

    RerankDecoder(PluginJson json) {
      this.json = json;
    }

    @Override
    public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
      sink.fail("the rerank endpoint sent an event stream, which it must not: check the url");
    }

    @Override
    public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
      JsonNode root = json.parse(body.strip());
      if (root == null || !(root.isObject() || root.isArray())) {
        sink.fail("rerank response is not JSON: "
            + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
        return;
      }
      if (root.isObject() && PluginJson.hasError(root)) {
        sink.fail(PluginJson.errorMessage(root, body));
        return;
      }
      JsonNode results = results(root);
      if (results == null) {
        sink.fail("rerank response has no results: expected results[] (Cohere, Jina, vLLM),"
            + " data[] (vLLM score) or a top-level array (Text Embeddings Inference), got: "
            + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
        return;
      }
      Double topScore = null;
      for (int i = 0; i < results.size(); i++) {
        Double score = score(results.get(i));
        if (score == null) {
          sink.fail("rerank result " + i + " has no relevance_score or score: "
              + PluginJson.abbreviate(results.get(i).toString(), PluginJson.QUOTED_CHARS));
          return;
        }
        if (i == 0) {
          topScore = score;
        }
      }
      sink.resultText(
          (topScore == null ? "top_score=none" : String.format(Locale.ROOT, "top_score=%.4f",
              topScore)) + ", num_results=" + results.size());
      if (root.isObject()) {
        JsonNode usage = root.path("usage");
        JsonNode billed = root.path("meta").path("billed_units");
        OptionalInt input = PluginJson.firstCount(
            usage.get("prompt_tokens"), usage.get("total_tokens"), billed.get("input_tokens"),
            billed.get("search_units"));
        if (input.isPresent()) {
          sink.usage(Usage.of(input.getAsInt(), 0));
        }
      }
    }

    private static @Nullable JsonNode results(JsonNode root) {
      if (root.isArray()) {
        return root;
      }
      for (String field : new String[] {"results", "data"}) {
        JsonNode node = root.get(field);
        if (node != null && node.isArray()) {
          return node;
        }
      }
      return null;
    }

    private static @Nullable Double score(JsonNode result) {
      for (String field : new String[] {"relevance_score", "score"}) {
        JsonNode node = result.get(field);
        if (node != null && node.isNumber()) {
          return node.doubleValue();
        }
      }
      return null;
    }
  }
}
