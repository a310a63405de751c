package dev.tokenstorm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks that an {@link ApiPlugin} behaves as the engine expects: a usable name, selection by
 * name and aliases through {@link ServiceLoader}, JSON object bodies for the queries it supports,
 * {@link IllegalArgumentException} for the ones it does not, thread-safe request building, a fresh
 * decoder per request, a sample response decoded without failure, malformed input reported rather
 * than thrown, and an idempotent {@link ApiPlugin#resolveUrl}.
 *
 * <p>Extend it in a test class and supply the plugin, queries and a sample response:
 *
 * {@snippet :
 * class MyPluginContractTest extends ApiPluginContract {
 *   @Override
 *   protected ApiPlugin plugin() {
 *     return new MyPlugin();
 *   }
 *
 *   @Override
 *   protected List<Query> supportedQueries() {
 *     return List.of(ChatQuery.ofUserText("hello"));
 *   }
 *
 *   @Override
 *   protected SampleResponse sampleResponse() {
 *     return SampleResponse.body("{\"text\":\"hi\",\"usage\":{\"input\":1,\"output\":1}}");
 *   }
 * }
 * }
 */
@Timeout(60)
public abstract class ApiPluginContract {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Returns a new instance of the plugin under test. */
  protected abstract ApiPlugin plugin();

  /** Returns queries the plugin must turn into requests; at least one. */
  protected abstract List<Query> supportedQueries();

  /** Returns queries the plugin must reject with {@link IllegalArgumentException}. */
  protected List<Query> unsupportedQueries() {
    return List.of();
  }

  /** Returns a successful response the decoder must accept. */
  protected abstract SampleResponse sampleResponse();

  /** Returns whether the plugin is registered for {@link ServiceLoader}; true by default. */
  protected boolean registeredAsService() {
    return true;
  }

  /**
   * Returns the generation settings used to build requests: model {@code m}, {@code max_tokens}
   * 16, temperature 0, streaming for generation plugins only.
   */
  protected GenerationOptions options() {
    boolean stream = plugin().kind() == ApiKind.GENERATION;
    return new GenerationOptions("m", 16, 16, null, null, null, null, null, null, List.of(),
        List.of(), stream, 0.0, null, null, Map.of(), null, false);
  }

  /** Returns a request context with {@link #options()}, a seeded random source and no tokenizer. */
  protected RequestContext context() {
    GenerationOptions options = options();
    RandomGenerator random = new SplittableRandom(7);
    return new RequestContext() {
      @Override
      public GenerationOptions options() {
        return options;
      }

      @Override
      public RandomGenerator random() {
        return random;
      }

      @Override
      public Optional<Tokenizer> tokenizer() {
        return Optional.empty();
      }
    };
  }

  /** Returns the plugin that {@link ServiceLoader} finds under {@code name}, or fails. */
  public static ApiPlugin load(String name) {
    for (ApiPlugin plugin : ServiceLoader.load(ApiPlugin.class)) {
      if (plugin.name().equalsIgnoreCase(name) || plugin.aliases().contains(name)) {
        return plugin;
      }
    }
    throw new AssertionError("no ApiPlugin named " + name + " is registered in"
        + " META-INF/services/dev.tokenstorm.api.plugin.ApiPlugin");
  }

  @Test
  void nameIsANonBlankWord() {
    ApiPlugin plugin = plugin();
    assertThat(plugin.name()).isNotBlank().doesNotContainAnyWhitespaces();
    assertThat(plugin.aliases()).allSatisfy(alias -> assertThat(alias).isNotBlank()
        .doesNotContainAnyWhitespaces().isNotEqualTo(plugin.name()));
  }

  @Test
  void serviceLoaderFindsPluginByNameAndAliases() {
    if (!registeredAsService()) {
      return;
    }
    ApiPlugin plugin = plugin();
    assertThat(load(plugin.name())).isInstanceOf(plugin.getClass());
    for (String alias : plugin.aliases()) {
      assertThat(load(alias)).as("alias %s", alias).isInstanceOf(plugin.getClass());
    }
  }

  @Test
  void supportedQueriesBecomeJsonObjectBodies() throws Exception {
    ApiPlugin plugin = plugin();
    assertThat(supportedQueries()).isNotEmpty();
    for (Query query : supportedQueries()) {
      PluginRequest request = plugin.buildRequest(query, context());
      JsonNode body = MAPPER.readTree(request.body());
      assertThat(body.isObject()).as("body of %s: %s", query, request.body()).isTrue();
      if (plugin.kind() != ApiKind.GENERATION) {
        assertThat(request.stream()).as("stream flag of %s", query).isFalse();
      }
    }
  }

  @Test
  void unsupportedQueriesAreRejectedWithIllegalArgumentException() {
    ApiPlugin plugin = plugin();
    for (Query query : unsupportedQueries()) {
      assertThatThrownBy(() -> plugin.buildRequest(query, context()))
          .as("query %s", query)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(plugin.name());
    }
  }

  @Test
  void buildRequestIsThreadSafe() throws Exception {
    ApiPlugin plugin = plugin();
    Query query = supportedQueries().get(0);
    String expected = plugin.buildRequest(query, context()).body();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          List<String> bodies = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            bodies.add(plugin.buildRequest(query, context()).body());
          }
          return bodies;
        }));
      }
      for (Future<List<String>> future : futures) {
        assertThat(future.get()).allSatisfy(body -> assertThat(body).isEqualTo(expected));
      }
    }
  }

  @Test
  void eachRequestGetsItsOwnDecoder() {
    ApiPlugin plugin = plugin();
    PluginRequest request = plugin.buildRequest(supportedQueries().get(0), context());
    assertThat(plugin.newDecoder(request)).isNotSameAs(plugin.newDecoder(request));
  }

  @Test
  void sampleResponseIsDecodedWithoutFailure() {
    ApiPlugin plugin = plugin();
    PluginRequest request = plugin.buildRequest(supportedQueries().get(0), context());
    CollectingSink sink = new CollectingSink();
    sampleResponse().feed(plugin.newDecoder(request), sink);
    assertThat(sink.failure).as("failure").isNull();
    assertThat(sink.malformed).as("malformed events").isZero();
    assertThat(sink.tokens > 0 || sink.resultText != null || sink.usage != Usage.EMPTY)
        .as("the decoder reports tokens, a result text or usage").isTrue();
  }

  @Test
  void malformedResponsesAreReportedNotThrown() {
    ApiPlugin plugin = plugin();
    PluginRequest request = plugin.buildRequest(supportedQueries().get(0), context());
    CollectingSink bodySink = new CollectingSink();
    assertThatCode(() -> {
      ResponseDecoder decoder = plugin.newDecoder(request);
      decoder.onBody("application/json", "{\"truncated\": ", 1, bodySink);
      decoder.onEnd(2, bodySink);
    }).doesNotThrowAnyException();
    assertThat(bodySink.failure).as("failure for a truncated body").isNotNull();

    CollectingSink eventSink = new CollectingSink();
    assertThatCode(() -> {
      ResponseDecoder decoder = plugin.newDecoder(request);
      decoder.onEvent(SseEvent.message("{\"truncated\": "), 1, eventSink);
      decoder.onEnd(2, eventSink);
    }).doesNotThrowAnyException();
    assertThat(eventSink.failure != null || eventSink.malformed > 0)
        .as("a truncated event fails the request or counts as malformed").isTrue();
  }

  @Test
  void resolveUrlIsIdempotent() {
    ApiPlugin plugin = plugin();
    List<String> warnings = new ArrayList<>();
    String once = plugin.resolveUrl("http://127.0.0.1:8000/v1", warnings::add);
    List<String> secondWarnings = new ArrayList<>();
    String twice = plugin.resolveUrl(once, secondWarnings::add);
    assertThat(twice).isEqualTo(once);
    assertThat(secondWarnings).isEmpty();
  }

  /**
   * A response for {@link #sampleResponseIsDecodedWithoutFailure}: a whole body, or server-sent
   * events.
   *
   * @param contentType the body's content type; unused for events
   * @param body the whole body, or null for events
   * @param events the events in order; empty for a body
   */
  public record SampleResponse(String contentType, @Nullable String body, List<SseEvent> events) {

    public SampleResponse {
      events = List.copyOf(events);
    }

    /** Returns a JSON body response. */
    public static SampleResponse body(String json) {
      return new SampleResponse("application/json", json, List.of());
    }

    /** Returns an event-stream response of {@code message} events with the given data. */
    public static SampleResponse events(String... data) {
      return new SampleResponse("text/event-stream", null,
          java.util.Arrays.stream(data).map(SseEvent::message).toList());
    }

    void feed(ResponseDecoder decoder, DecodeSink sink) {
      long now = 1_000;
      if (body != null) {
        decoder.onBody(contentType, body, now, sink);
      } else {
        for (SseEvent event : events) {
          decoder.onEvent(event, now++, sink);
        }
      }
      decoder.onEnd(now, sink);
    }
  }

  /** Records what a decoder reports. */
  private static final class CollectingSink implements DecodeSink {
    int tokens;
    int malformed;
    @Nullable String failure;
    @Nullable String resultText;
    Usage usage = Usage.EMPTY;

    @Override
    public void token(TokenKind kind, String text, long arrivalNanos) {
      tokens++;
    }

    @Override
    public void usage(Usage reported) {
      usage = usage.merge(reported);
    }

    @Override
    public void fail(String message) {
      if (failure == null) {
        failure = message;
      }
    }

    @Override
    public void malformed(String reason) {
      malformed++;
    }

    @Override
    public void done(long arrivalNanos) {}

    @Override
    public void resultText(String text) {
      resultText = text;
    }
  }
}
