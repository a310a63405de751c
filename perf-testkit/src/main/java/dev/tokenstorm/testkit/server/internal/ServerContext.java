package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state of one server that connections and handlers share: the current profile, capacity,
 * fault rules, raw scripts, recorded truth and the endpoint routes. Thread-safe; nothing in it is
 * shared between servers.
 */
public final class ServerContext {

  // A pool shared by all threads: the per-thread default recycles nothing on virtual threads.
  private final ObjectMapper mapper =
      new ObjectMapper(
          JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
  private final AtomicReference<GenerationProfile> profile;
  private final CapacityGate capacity;
  private final TruthStore truth;
  private final Pacer pacer;
  private final EventStreamer streamer;
  private final BodyResponder bodyResponder;
  private final List<FaultRule> faultRules = new CopyOnWriteArrayList<>();
  private final RawScriptQueue rawScripts = new RawScriptQueue();
  private final List<String> models;
  private final Router router = new Router();
  private volatile boolean closed;

  /**
   * Creates the state and registers the built-in endpoints.
   *
   * @param capacity requests generated at once, or {@link CapacityGate#UNLIMITED}
   * @param models model ids, at least one; the first is the default
   * @param maxRecordedRequests how many requests the truth keeps
   * @param spinNanos how long before each deadline the pacer spins
   */
  public ServerContext(
      GenerationProfile profile,
      int capacity,
      List<String> models,
      int maxRecordedRequests,
      long spinNanos) {
    this.profile = new AtomicReference<>(Objects.requireNonNull(profile, "profile"));
    this.capacity = new CapacityGate(capacity);
    this.truth = new TruthStore(maxRecordedRequests);
    this.models = List.copyOf(models);
    // Half the processors may spin, so that pacing never takes every carrier thread. With more
    // than a few waiting streams per processor, spinning costs more than it gains.
    int processors = Runtime.getRuntime().availableProcessors();
    this.pacer = new Pacer(spinNanos, Math.max(1, processors / 2), Math.max(8, 4 * processors));
    this.streamer = new EventStreamer(pacer);
    this.bodyResponder = new BodyResponder(pacer, mapper);
    router.register("/v1/chat/completions", new ChatCompletionsEndpoint(this));
    router.register("/v1/completions", new CompletionsEndpoint(this));
    router.register("/v1/models", new ModelsEndpoint(this));
    router.register("/v1/responses", new ResponsesEndpoint(this));
    router.register("/v1/embeddings", new EmbeddingsEndpoint(this));
    router.register("/v1/rerank", new RerankEndpoint(this, RerankEndpoint.Style.JINA));
    router.register("/v1/reranks", new RerankEndpoint(this, RerankEndpoint.Style.JINA));
    router.register("/v2/rerank", new RerankEndpoint(this, RerankEndpoint.Style.COHERE));
    router.register("/rerank", new RerankEndpoint(this, RerankEndpoint.Style.TEI));
    router.register(DashScopeEndpoint.PATH, new DashScopeEndpoint(this));
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public GenerationProfile profile() {
    return profile.get();
  }

  public AtomicReference<GenerationProfile> profileReference() {
    return profile;
  }

  public CapacityGate capacity() {
    return capacity;
  }

  public TruthStore truth() {
    return truth;
  }

  public Pacer pacer() {
    return pacer;
  }

  public EventStreamer streamer() {
    return streamer;
  }

  public BodyResponder bodyResponder() {
    return bodyResponder;
  }

  public List<FaultRule> faultRules() {
    return faultRules;
  }

  public RawScriptQueue rawScripts() {
    return rawScripts;
  }

  public List<String> models() {
    return models;
  }

  /** Returns the model named in responses when the request names none. */
  public String defaultModel() {
    return models.get(0);
  }

  public Router router() {
    return router;
  }

  public boolean closed() {
    return closed;
  }

  public void markClosed() {
    closed = true;
  }
}
