package dev.tokenstorm.testkit.server;

import dev.tokenstorm.testkit.server.internal.CapacityGate;
import dev.tokenstorm.testkit.server.internal.ServerContext;
import dev.tokenstorm.testkit.server.internal.ServerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible server on 127.0.0.1 with scripted timing, injectable faults and a record of
 * what it sent when, for tests, demos and benchmarks.
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: requires {@code messages}. With {@code "stream": true}
 *       the response is a chunked {@code text/event-stream} of {@code chat.completion.chunk} events:
 *       an optional role-only chunk, token chunks ({@code choices[0].delta.content}, reasoning in
 *       {@code delta.reasoning_content}), a finish chunk ({@code finish_reason} {@code stop}, or
 *       {@code length} when {@code max_tokens} cut the completion), a usage-only chunk ({@code
 *       choices: []}) when {@code stream_options.include_usage} is true, then {@code data:
 *       [DONE]}. Without streaming it is one {@code chat.completion} body with {@code usage}.
 *   <li>{@code POST /v1/completions}: requires {@code prompt}; the same, as {@code
 *       text_completion} objects with {@code choices[0].text}, and no role chunk or reasoning.
 *   <li>{@code GET /v1/models}: the configured model ids.
 *   <li>{@code POST /v1/responses} (OpenAI Responses API), {@code POST /v1/embeddings}, rerank in
 *       three shapes ({@link #rerankUrl()}, {@link #cohereRerankUrl()}, {@link #teiRerankUrl()}) and
 *       DashScope's native text generation ({@link #dashScopeUrl()}); see those methods. They use
 *       the same profile, capacity, fault rules and truth as the endpoints above; embeddings and
 *       rerank respond after the profile's TTFT plus the prefill time of their input tokens.
 *   <li>Any other path: 404 with an OpenAI-style JSON error; a wrong method: 405; an empty or
 *       invalid JSON body, or a missing {@code messages}/{@code prompt}: 400 with {@code
 *       {"error":{"message":…,"type":"invalid_request_error",…}}}.
 * </ul>
 *
 * <p>The completion text is the words {@code tok0 tok1 tok2 …} (reasoning: {@code think0 think1 …}),
 * one token per word. Prompt tokens are counted simply: the whitespace-separated words of every
 * message's text content (or of a string prompt), or the number of ids in a token-id prompt.
 * {@link GenerationProfile} describes the token counts and the event schedule.
 *
 * <h2>Capacity</h2>
 *
 * With {@link Builder#capacity(int) capacity(K)}, at most K generation requests run at once; the
 * others wait in arrival order before their response headers are written, and their schedule
 * starts when they are admitted. With a fixed profile each request then takes the same service
 * time S, so N requests sent together complete in about {@code ceil(N / K)} rounds of S.
 *
 * <h2>Truth</h2>
 *
 * Every request is recorded as a {@link RequestTruth}: arrival, admission, header and per-event
 * flush times, token counts, fault and outcome. {@link #requests()} returns snapshots; {@link
 * #awaitCompleted} waits until the server has finished writing, which can be just after a client
 * has read the last byte.
 *
 * <h2>Threading and lifecycle</h2>
 *
 * Thread-safe: the profile, capacity, fault rules and raw scripts can change while requests run; a
 * request uses the profile in force when it arrived. One platform thread accepts connections and
 * one virtual thread serves each connection. {@link #close()} stops them all; it is idempotent.
 * Servers share no state.
 *
 * {@snippet :
 * try (SimulatedLlmServer server = SimulatedLlmServer.builder()
 *     .ttft(Duration.ofMillis(100))
 *     .interTokenDelay(Duration.ofMillis(20))
 *     .outputTokens(50)
 *     .start()) {
 *   String url = server.chatCompletionsUrl(); // http://127.0.0.1:<port>/v1/chat/completions
 *   // ... send requests ...
 *   List<RequestTruth> truth = server.awaitCompleted(1, Duration.ofSeconds(5));
 * }
 * }
 */
public final class SimulatedLlmServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedLlmServer.class);

  private final ServerContext context;
  private final ServerRuntime runtime;

  private SimulatedLlmServer(ServerContext context, ServerRuntime runtime) {
    this.context = context;
    this.runtime = runtime;
  }

  /** Returns a builder with the {@link GenerationProfile#defaults() default profile}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the port the server listens on. */
  public int port() {
    return runtime.port();
  }

  /** Returns {@code http://127.0.0.1:<port>/v1}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/chat/completions}. */
  public String chatCompletionsUrl() {
    return baseUrl() + "/chat/completions";
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/completions}. */
  public String completionsUrl() {
    return baseUrl() + "/completions";
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/models}. */
  public String modelsUrl() {
    return baseUrl() + "/models";
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/responses}, the OpenAI Responses API. */
  public String responsesUrl() {
    return baseUrl() + "/responses";
  }

  /** Returns {@code http://127.0.0.1:<port>/v1/embeddings}. */
  public String embeddingsUrl() {
    return baseUrl() + "/embeddings";
  }

  /**
   * Returns {@code http://127.0.0.1:<port>/v1/rerank}, which answers in the Jina and vLLM shape
   * ({@code results[].relevance_score}, {@code usage.total_tokens}); {@code /v1/reranks} is the
   * same endpoint.
   */
  public String rerankUrl() {
    return baseUrl() + "/rerank";
  }

  /**
   * Returns {@code http://127.0.0.1:<port>/v2/rerank}, which answers in Cohere's shape
   * ({@code results[].relevance_score}, {@code meta.billed_units}).
   */
  public String cohereRerankUrl() {
    return "http://127.0.0.1:" + port() + "/v2/rerank";
  }

  /**
   * Returns {@code http://127.0.0.1:<port>/rerank}, which answers in the shape of Text Embeddings
   * Inference: a top-level array of {@code {index, score}} and no usage.
   */
  public String teiRerankUrl() {
    return "http://127.0.0.1:" + port() + "/rerank";
  }

  /**
   * Returns {@code http://127.0.0.1:<port>/api/v1/services/aigc/text-generation/generation},
   * DashScope's native text-generation endpoint.
   */
  public String dashScopeUrl() {
    return "http://127.0.0.1:" + port() + "/api/v1/services/aigc/text-generation/generation";
  }

  /** Returns the generation profile applied to requests arriving now. */
  public GenerationProfile profile() {
    return context.profile();
  }

  /** Replaces the profile for requests arriving from now on. */
  public void setProfile(GenerationProfile profile) {
    context.profileReference().set(Objects.requireNonNull(profile, "profile"));
  }

  /**
   * Changes the profile atomically for requests arriving from now on.
   *
   * {@snippet :
   * server.updateProfile(p -> p.withTtft(Duration.ofMillis(200)).withOutputTokens(10));
   * }
   */
  public void updateProfile(UnaryOperator<GenerationProfile> change) {
    context.profileReference().updateAndGet(
        current -> Objects.requireNonNull(change.apply(current), "updated profile"));
  }

  /** Returns how many requests may generate at once, or empty when unlimited. */
  public OptionalInt capacity() {
    int capacity = context.capacity().capacity();
    return capacity == CapacityGate.UNLIMITED ? OptionalInt.empty() : OptionalInt.of(capacity);
  }

  /**
   * Limits how many requests generate at once; raising it admits waiting requests at once.
   *
   * @param capacity at least 1
   */
  public void setCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    context.capacity().setCapacity(capacity);
  }

  /** Removes the capacity limit and admits every waiting request. */
  public void setUnlimitedCapacity() {
    context.capacity().setCapacity(CapacityGate.UNLIMITED);
  }

  /** Returns how many requests wait for capacity now. */
  public int waitingRequests() {
    return context.capacity().waitingCount();
  }

  /** Adds a fault rule after the existing ones; rules apply to requests arriving from now on. */
  public void injectFault(FaultRule rule) {
    context.faultRules().add(Objects.requireNonNull(rule, "rule"));
  }

  /** Removes every fault rule. */
  public void clearFaults() {
    context.faultRules().clear();
  }

  /**
   * Queues {@code script} as the response to the next request on {@code path} (such as {@code
   * /v1/chat/completions}). Scripts for one path are used in the order queued, one per request.
   */
  public void enqueueRaw(String path, RawScript script) {
    context.rawScripts().add(Objects.requireNonNull(path, "path"), Objects.requireNonNull(script));
  }

  /**
   * Queues {@code script} as the response to the next request on any path that has no script of its
   * own queued.
   */
  public void enqueueRaw(RawScript script) {
    context.rawScripts().add(null, Objects.requireNonNull(script, "script"));
  }

  /** Returns how many raw scripts wait for a request. */
  public int pendingRawScripts() {
    return context.rawScripts().size();
  }

  /** Returns snapshots of the recorded requests, in arrival order. */
  public List<RequestTruth> requests() {
    return context.truth().snapshot();
  }

  /** Returns a snapshot of the recorded requests and the counters. */
  public ServerTruth truth() {
    return new ServerTruth(
        context.truth().snapshot(),
        context.truth().total(),
        context.truth().dropped(),
        context.truth().inFlight(),
        context.truth().peakInFlight(),
        context.capacity().peakActive(),
        runtime.connectionsAccepted());
  }

  /**
   * Waits until at least {@code count} recorded requests have completed, then returns all recorded
   * requests. Only recorded requests count, so with {@code maxRecordedRequests(n)} a {@code count}
   * above n always times out.
   *
   * @throws TimeoutException if that does not happen within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public List<RequestTruth> awaitCompleted(int count, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (context.truth().completedCount() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("only " + context.truth().completedCount() + " of " + count
            + " requests completed within " + timeout);
      }
      Thread.sleep(1);
    }
    return requests();
  }

  /** Returns requests received since start or {@link #reset()}, recorded or not. */
  public long totalRequests() {
    return context.truth().total();
  }

  /** Returns requests received whose response is not yet complete, waiting ones included. */
  public int inFlightRequests() {
    return context.truth().inFlight();
  }

  /** Returns the peak of {@link #inFlightRequests()} since start or {@link #reset()}. */
  public int maxConcurrentRequests() {
    return context.truth().peakInFlight();
  }

  /** Returns the peak number of requests generating at once (after the capacity wait). */
  public int maxConcurrentGenerations() {
    return context.capacity().peakActive();
  }

  /** Returns the TCP connections accepted since start. */
  public long connectionsAccepted() {
    return runtime.connectionsAccepted();
  }

  /**
   * Forgets the recorded requests, restarts request indices at 0 and sets the peaks to the current
   * values. Fault rules, raw scripts, profile and capacity stay as they are.
   */
  public void reset() {
    context.truth().reset();
    context.capacity().resetPeak();
  }

  /**
   * Stops accepting, closes every connection (clients of unfinished requests see an error) and
   * stops all threads, waiting up to five seconds. Idempotent.
   */
  @Override
  public void close() {
    if (!context.closed()) {
      runtime.close();
      log.info("Simulated LLM server on port {} stopped after {} requests",
          runtime.port(), context.truth().total());
    }
  }

  @Override
  public String toString() {
    return "SimulatedLlmServer[" + baseUrl() + "]";
  }

  /** Configures and starts a server. Not thread-safe. */
  public static final class Builder {
    private GenerationProfile profile = GenerationProfile.defaults();
    private int port;
    private int capacity = CapacityGate.UNLIMITED;
    private final List<String> models = new ArrayList<>(List.of("simulated-model"));
    private int maxRecordedRequests = 100_000;
    private Duration spinBeforeDeadline = Duration.ofNanos(100_000);

    private Builder() {}

    /** Sets the whole generation profile. */
    public Builder profile(GenerationProfile value) {
      profile = Objects.requireNonNull(value, "profile");
      return this;
    }

    /** Sets the time to the first token; default 50 ms. */
    public Builder ttft(Duration value) {
      profile = profile.withTtft(value);
      return this;
    }

    /** Sets the time per output token between token events; default 10 ms. */
    public Builder interTokenDelay(Duration value) {
      profile = profile.withInterTokenDelay(value);
      return this;
    }

    /** Sets the tokens per token event; default 1. */
    public Builder tokensPerChunk(int value) {
      profile = profile.withTokensPerChunk(value);
      return this;
    }

    /** Sets the content tokens per completion; default 32. */
    public Builder outputTokens(int value) {
      profile = profile.withOutputTokens(value);
      return this;
    }

    /** Sets the reasoning tokens per chat completion, sent before the content; default 0. */
    public Builder reasoningTokens(int value) {
      profile = profile.withReasoningTokens(value);
      return this;
    }

    /** Sets the maximum random displacement of each token event; default 0. */
    public Builder jitter(Duration value) {
      profile = profile.withJitter(value);
      return this;
    }

    /** Sets the jitter seed; default 0. */
    public Builder seed(long value) {
      profile = profile.withSeed(value);
      return this;
    }

    /** Sets whether chat streams start with a role-only chunk; default true. */
    public Builder roleChunkFirst(boolean value) {
      profile = profile.withRoleChunkFirst(value);
      return this;
    }

    /** Sets the extra time to the first token per prompt token; default 0. */
    public Builder prefillPerPromptToken(Duration value) {
      profile = profile.withPrefillPerPromptToken(value);
      return this;
    }

    /** Limits how many requests generate at once; default unlimited. */
    public Builder capacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, got " + value);
      }
      capacity = value;
      return this;
    }

    /** Sets the port to listen on; default 0, which picks a free port. */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + value);
      }
      port = value;
      return this;
    }

    /**
     * Sets the model ids listed by {@code /v1/models}; the first is named in responses to requests
     * without {@code model}. Default {@code simulated-model}.
     */
    public Builder models(String first, String... more) {
      models.clear();
      models.add(Objects.requireNonNull(first, "first"));
      for (String model : more) {
        models.add(Objects.requireNonNull(model, "model"));
      }
      return this;
    }

    /**
     * Sets how many requests the truth keeps; later ones are only counted. Default 100,000; 0
     * for benchmarks that need no truth.
     */
    public Builder maxRecordedRequests(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maxRecordedRequests must be at least 0, got " + value);
      }
      maxRecordedRequests = value;
      return this;
    }

    /**
     * Sets how long before each event deadline the writing thread stops parking and spins, which
     * makes event times precise to a few microseconds when the machine is not saturated. Default
     * 100 µs; zero never spins.
     */
    public Builder spinBeforeDeadline(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("spinBeforeDeadline must not be negative, got " + value);
      }
      spinBeforeDeadline = value;
      return this;
    }

    /**
     * Binds 127.0.0.1 and starts the server.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public SimulatedLlmServer start() {
      ServerContext context = new ServerContext(
          profile, capacity, models, maxRecordedRequests, spinBeforeDeadline.toNanos());
      ServerRuntime runtime;
      try {
        runtime = new ServerRuntime(context, port);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port
            + "; choose another port or 0 for a free one", e);
      }
      log.info("Simulated LLM server listening on http://127.0.0.1:{}/v1 ({}, capacity {})",
          runtime.port(), profile, capacity == CapacityGate.UNLIMITED ? "unlimited" : capacity);
      return new SimulatedLlmServer(context, runtime);
    }
  }
}
