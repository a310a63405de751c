package dev.tokenstorm.core.internal.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code openai} plugin: OpenAI-compatible {@code chat/completions} and legacy
 * {@code completions} endpoints, streamed (server-sent events) or not.
 *
 * <h2>Request bodies</h2>
 *
 * The body shape follows the query: a {@link ChatQuery} becomes {@code messages}, a
 * {@link PromptQuery} a {@code prompt} string, a token-id query a {@code prompt} array, and a raw
 * body query is sent as given with missing generation parameters filled in. Parameters come from
 * {@link RequestContext#options()} and are built per request, so a {@code max_tokens} range is
 * sampled for every request. With a query template, the template's own values win over the run's
 * parameters, and {@code %m} and {@code %p} are replaced by the model and the prompt text. See
 * {@link OpenAiRequestBuilder} for the full rules.
 *
 * <h2>Responses</h2>
 *
 * Content, reasoning ({@code reasoning_content} or {@code reasoning}), tool-call and refusal deltas
 * become token events, but role-only, empty and usage-only chunks do not. {@code usage} objects are
 * reported with prompt, completion, reasoning and cached token counts. An {@code error} object
 * fails the request with the server's message, and an event that is not valid JSON is counted as
 * malformed and skipped. See {@link OpenAiDecoder}.
 *
 * <p>Threading: {@link #buildRequest} is thread-safe, and each decoder serves one request.
 */
public final class OpenAiPlugin implements ApiPlugin {

  /** Endpoint paths accepted as they are; any other URL gets {@link #DEFAULT_SUFFIX} appended. */
  static final List<String> ENDPOINT_SUFFIXES =
      List.of("/chat/completions", "/completions", "/responses", "/embeddings", "/reranks", "/rerank");

  static final String DEFAULT_SUFFIX = "/chat/completions";

  private final ObjectMapper mapper = PluginJson.newMapper();
  private final OpenAiRequestBuilder requestBuilder = new OpenAiRequestBuilder(mapper);

  /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
  public OpenAiPlugin() {}

  @Override
  public String name() {
    return "openai";
  }

  /**
   * Returns {@code url} with trailing slashes removed and, unless its path already ends with an
   * OpenAI endpoint ({@code /chat/completions}, {@code /completions}, {@code /responses},
   * {@code /embeddings}, {@code /reranks} or {@code /rerank}), {@code /chat/completions} appended,
   * which is reported as a warning. A query string is kept and placed after the new path.
   */
  @Override
  public String resolveUrl(String url, Consumer<String> warnings) {
    Objects.requireNonNull(url, "url");
    int queryStart = url.indexOf('?');
    String path = queryStart < 0 ? url : url.substring(0, queryStart);
    String query = queryStart < 0 ? "" : url.substring(queryStart);
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);
    for (String suffix : ENDPOINT_SUFFIXES) {
      if (path.endsWith(suffix)) {
        return path + query;
      }
    }
    String resolved = path + DEFAULT_SUFFIX;
    warnings.accept(
        "url "
            + withoutCredentials(path)
            + " does not end with an OpenAI endpoint path; sending requests to "
            + withoutCredentials(resolved)
            + " instead. Give the full endpoint URL, such as .../v1/completions, to use another"
            + " endpoint.");
    return resolved + query;
  }

  /**
   * Builds the request body for {@code query}.
   *
   * @throws IllegalArgumentException for embedding and rerank queries (which need the
   *     {@code openai_embedding} or {@code openai_rerank} api), an invalid query template or raw
   *     body, or prompt tokenization without a tokenizer
   */
  @Override
  public PluginRequest buildRequest(Query query, RequestContext context) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(context, "context");
    return requestBuilder.build(query, context);
  }

  @Override
  public ResponseDecoder newDecoder(PluginRequest request) {
    return new OpenAiDecoder(mapper);
  }

  /** Returns a one-message chat query {@code hello}, or a prompt query {@code hello}. */
  @Override
  public Optional<Query> connectionTestQuery(boolean chat) {
    return Optional.of(chat ? ChatQuery.ofUserText("hello") : new PromptQuery("hello"));
  }

  /** Removes {@code user:password@} from a URL so warnings never show credentials. */
  private static String withoutCredentials(String url) {
    return url.replaceFirst("://[^/@]*@", "://");
  }
}
