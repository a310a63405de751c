package dev.tokenstorm.api.plugin;

import dev.tokenstorm.api.query.Query;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns queries into HTTP requests for one API family and decodes the responses.
 *
 * <h2>Threading</h2>
 *
 * One plugin instance serves a whole {@code PerfRun}. {@link #buildRequest} is called from many
 * request threads at once and must be thread-safe. {@link #newDecoder} returns a fresh decoder per
 * request; a decoder is called from one thread at a time.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #resolveUrl} runs once per run while the configuration is validated, before any traffic.
 * Then, for each request: {@code buildRequest} once, {@code newDecoder} once, and the decoder's
 * callbacks as the response arrives. Plugins never open sockets or read clocks: the engine sends
 * the request and stamps every event with the arrival time of its bytes.
 *
 * <h2>Errors</h2>
 *
 * {@code buildRequest} throws {@link IllegalArgumentException} for a query it cannot send (the
 * engine fails that request and goes on). Decoders report server-side problems through
 * {@link DecodeSink#fail} and malformed events through {@link DecodeSink#malformed}; an exception
 * thrown from a decoder fails only its request.
 *
 * <p>Custom plugins found by name through {@link java.util.ServiceLoader} need a public no-argument
 * constructor.
 */
public interface ApiPlugin {

  /** Returns the name the plugin is selected by, such as {@code openai}. */
  String name();

  /** Returns other names that select this plugin. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** Returns the kind of endpoint this plugin talks to. */
  default ApiKind kind() {
    return ApiKind.GENERATION;
  }

  /**
   * Returns the URL requests are sent to, derived from the user's {@code url}; for example by
   * appending the endpoint path when the URL lacks one.
   *
   * @param warnings receives a message for each change made to the URL
   */
  default String resolveUrl(String url, Consumer<String> warnings) {
    return url;
  }

  /** Builds the HTTP request for one query. */
  PluginRequest buildRequest(Query query, RequestContext context);

  /** Returns a new decoder for the response to {@code request}. */
  ResponseDecoder newDecoder(PluginRequest request);

  /**
   * Returns the query used to test the connection before a run, or empty to skip the test. The
   * engine sends it with {@code max_tokens} capped low.
   */
  default Optional<Query> connectionTestQuery(boolean chat) {
    return Optional.empty();
  }
}
