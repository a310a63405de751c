package dev.tokenstorm.core.internal.plugin.embedding;

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
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code openai_embedding} plugin (alias {@code embedding}): OpenAI-compatible embeddings.
 *
 * <h2>Request bodies</h2>
 *
 * {@code {"input": X, "model": M, ...extraArgs}}, never streamed. X is the text of a single-text
 * {@link EmbeddingQuery} or {@link PromptQuery}, an array for a batch, the token-id array of a
 * {@link TokenIdsQuery}, or the text of each chat message (a string for one message). A
 * {@link RawBodyQuery} is sent as given with {@code model} and {@code extraArgs} filled in.
 * {@code encoding_format} ({@code float} or {@code base64}) is passed through {@code extraArgs}.
 *
 * <h2>Responses</h2>
 *
 * The transport reads the whole body before decoding, so a request's latency includes reading
 * the vectors. A 200 body needs a {@code data} array whose items carry {@code embedding} as a float
 * array or a base64 string of little-endian float32 values; the result text is
 * {@code embedding_dim=<D>, count=<N>}. Input tokens come from {@code usage.prompt_tokens}, else
 * {@code usage.total_tokens}. A 200 body with an {@code error} object, without {@code data}, or
 * with an embedding of another type fails the request with the reason.
 *
 * <p>Threading: {@link #buildRequest} is thread-safe, and each decoder serves one request.
 */
public final class EmbeddingPlugin implements ApiPlugin {

  static final String SUFFIX = "/embeddings";

  private final ObjectMapper mapper = PluginJson.newMapper();
  private final PluginJson json = new PluginJson(mapper);

  /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
  public EmbeddingPlugin() {}

  @Override
  public String name() {
    return "openai_embedding";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("embedding");
  }

  @Override
  public ApiKind kind() {
    return ApiKind.EMBEDDING;
  }

  /** Returns {@code url}, with {@code /embeddings} appended (and reported) when it lacks it. */
  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    return EndpointUrls.withSuffix(url, SUFFIX, List.of(SUFFIX), warnings);
  }

  /**
   * Builds the request body for {@code query}.
   *
   * @throws IllegalArgumentException for a rerank query or an invalid raw body
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
    ObjectNode body = mapper.createObjectNode();
    body.set("input", input(query));
    if (options.model() != null) {
      body.put("model", options.model());
    }
    json.putExtraArgs(body, options.extraArgs(), false);
    return PluginRequest.of(json.write(body), false);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return new EmbeddingDecoder(json);
  }

  private JsonNode input(Query query) {
    return switch (query) {
      case EmbeddingQuery embedding -> texts(embedding.inputs());
      case PromptQuery prompt -> mapper.getNodeFactory().textNode(prompt.prompt());
      case ChatQuery chat -> texts(chat.messages().stream().map(ChatMessage::text).toList());
      case TokenIdsQuery ids -> {
        ArrayNode array = mapper.createArrayNode();
        for (int id : ids.tokenIds()) {
          array.add(id);
        }
        yield array;
      }
      case RerankQuery rerank ->
          throw new IllegalArgumentException(
              "the openai_embedding api cannot send a RerankQuery: use api openai_rerank");
      case RawBodyQuery raw -> throw new IllegalStateException("raw bodies are handled earlier");
    };
  }

  private JsonNode texts(List<String> texts) {
    if (texts.size() == 1) {
      return mapper.getNodeFactory().textNode(texts.get(0));
    }
    ArrayNode array = mapper.createArrayNode();
    texts.forEach(array::add);
    return array;
  }

  /** Decodes one embeddings response. One per request. */
  static final class EmbeddingDecoder implements ResponseDecoder {
    private final PluginJson json;

    EmbeddingDecoder(PluginJson json) {
      this.json = json;
    }

    @Override
    public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
      sink.fail("the embeddings endpoint sent an event stream, which it must not: check the url");
    }

    @Override
    public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
      JsonNode root = json.parse(body.strip());
      if (root == null || !root.isObject()) {
        sink.fail("embeddings response is not a JSON object: "
            + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
        return;
      }
      if (PluginJson.hasError(root)) {
        sink.fail(PluginJson.errorMessage(root, body));
        return;
      }
      JsonNode data = root.get("data");
      if (data == null || !data.isArray()) {
        sink.fail("embeddings response has no data array: "
            + PluginJson.abbreviate(body, PluginJson.QUOTED_CHARS));
        return;
      }
      int dimension = 0;
      for (int i = 0; i < data.size(); i++) {
        JsonNode embedding = data.get(i).get("embedding");
        int length = dimension(embedding);
        if (length < 0) {
          sink.fail("embeddings response item " + i + " has no float array or base64 embedding: "
              + PluginJson.abbreviate(String.valueOf(embedding), PluginJson.QUOTED_CHARS));
          return;
        }
        if (i == 0) {
          dimension = length;
        }
      }
      sink.resultText("embedding_dim=" + dimension + ", count=" + data.size());
      JsonNode usage = root.path("usage");
      OptionalInt input =
          PluginJson.firstCount(usage.get("prompt_tokens"), usage.get("total_tokens"));
      if (input.isPresent()) {
        sink.usage(Usage.of(input.getAsInt(), 0));
      }
    }

    /** Returns the vector length of a float array or base64 float32 string, or -1. */
    private static int dimension(JsonNode embedding) {
      if (embedding == null) {
        return -1;
      }
      if (embedding.isArray()) {
        for (JsonNode value : embedding) {
          if (!value.isNumber()) {
            return -1;
          }
        }
        return embedding.size();
      }
      if (embedding.isTextual()) {
        try {
          byte[] bytes = Base64.getDecoder().decode(embedding.textValue());
          return bytes.length % Float.BYTES == 0 ? bytes.length / Float.BYTES : -1;
        } catch (IllegalArgumentException e) {
          return -1;
        }
      }
      return -1;
    }
  }
}
