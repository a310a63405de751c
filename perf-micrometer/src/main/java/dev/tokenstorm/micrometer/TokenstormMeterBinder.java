package dev.tokenstorm.micrometer;

import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a running benchmark as Micrometer meters: request counts by outcome, requests in
 * flight, latency, TTFT, ITL and TPOT timers, and token counters.
 *
 * <h2>Meters</h2>
 *
 * Every meter is tagged {@code run=<run folder name>} (such as {@code parallel_8_number_100}) plus
 * the tags given to the constructor.
 *
 * <ul>
 *   <li>{@value #REQUESTS} (counter), tag {@code outcome=success|failure}: completed requests.
 *   <li>{@value #IN_FLIGHT} (gauge): requests sent and not yet completed.
 *   <li>{@value #LATENCY} (timer): end-to-end latency of successful requests.
 *   <li>{@value #TTFT} (timer): time to first output-bearing event, successful requests that had
 *       one.
 *   <li>{@value #ITL} (timer): every gap between consecutive output-bearing events of successful
 *       requests, one sample per gap.
 *   <li>{@value #TPOT} (timer): time per output token after the first, successful requests with
 *       more than one output token.
 *   <li>{@value #TOKENS} (counter), tag {@code type=input|output}: tokens of successful requests,
 *       where the count is known.
 * </ul>
 *
 * Timers publish count, total and max; add a {@code MeterFilter} to the registry for percentile
 * histograms. Warmup requests are never reported to listeners, so they are never counted.
 *
 * <h2>Use</h2>
 *
 * {@snippet :
 * TokenstormMeterBinder meters = new TokenstormMeterBinder(Tags.of("benchmark", "nightly"));
 * meters.bindTo(prometheusRegistry);
 * PerfRun.builder().url(url).model("m").progressListener(meters).build().run();
 * }
 *
 * <h2>Threading</h2>
 *
 * Thread-safe. The request callbacks run on the request threads: they update atomics and
 * Micrometer meters only (no I/O, no locks beyond those of the registry's meter lookup, which
 * happens once per run). {@link #bindTo} may be called before or after the run starts and for
 * several registries, and every registry receives every meter.
 */
public final class TokenstormMeterBinder implements MeterBinder, ProgressListener {

  /** Counter of completed requests, tagged {@code outcome}. */
  public static final String REQUESTS = "tokenstorm.requests";
  /** Gauge of requests in flight. */
  public static final String IN_FLIGHT = "tokenstorm.requests.in_flight";
  /** Timer of end-to-end latency. */
  public static final String LATENCY = "tokenstorm.latency";
  /** Timer of time to first token. */
  public static final String TTFT = "tokenstorm.ttft";
  /** Timer of inter-token latency, one sample per gap. */
  public static final String ITL = "tokenstorm.itl";
  /** Timer of time per output token. */
  public static final String TPOT = "tokenstorm.tpot";
  /** Counter of tokens, tagged {@code type}. */
  public static final String TOKENS = "tokenstorm.tokens";

  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
  private final Tags tags;
  private final Map<String, RunMeters> runs = new ConcurrentHashMap<>();

  /** Creates a binder whose meters carry only the {@code run} tag. */
  public TokenstormMeterBinder() {
    this(Tags.empty());
  }

  /** Creates a binder whose meters also carry {@code tags}, such as the benchmark's name. */
  public TokenstormMeterBinder(Iterable<Tag> tags) {
    this.tags = Tags.of(tags);
  }

  /** Adds {@code registry}; meters already created appear in it too. */
  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
  }

  @Override
  public void onRunStarted(RunInfo run) {
    meters(run);
  }

  @Override
  public void onRequestSent(RunInfo run, long index) {
    meters(run).inFlight.incrementAndGet();
  }

  @Override
  public void onRequestCompleted(RunInfo run, RequestRecord record, ProgressSnapshot progress) {
    RunMeters m = meters(run);
    m.inFlight.updateAndGet(n -> Math.max(0, n - 1));
    if (!record.success()) {
      m.failures.increment();
      return;
    }
    m.successes.increment();
    m.latency.record(record.endNanos() - record.sentNanos(), TimeUnit.NANOSECONDS);
    record.ttft().ifPresent(m.ttft::record);
    for (long gap : record.interTokenNanos()) {
      m.itl.record(gap, TimeUnit.NANOSECONDS);
    }
    record.tpotNanos().ifPresent(tpot -> m.tpot.record(Math.round(tpot), TimeUnit.NANOSECONDS));
    record.promptTokens().ifPresent(m.inputTokens::increment);
    record.completionTokens().ifPresent(m.outputTokens::increment);
  }

  /** Sets the run's in-flight gauge to 0: requests still open at the end were cancelled. */
  @Override
  public void onRunFinished(RunReport report) {
    meters(report.run()).inFlight.set(0);
  }

  private RunMeters meters(RunInfo run) {
    RunMeters existing = runs.get(run.name());
    if (existing != null) {
      return existing;
    }
    return runs.computeIfAbsent(run.name(),
        name -> new RunMeters(registries, tags.and("run", name)));
  }

  /** The meters of one run, created once so that the request callbacks never look them up. */
  private static final class RunMeters {

    final AtomicLong inFlight = new AtomicLong();
    final Counter successes;
    final Counter failures;
    final Timer latency;
    final Timer ttft;
    final Timer itl;
    final Timer tpot;
    final Counter inputTokens;
    final Counter outputTokens;

    RunMeters(MeterRegistry registry, Tags tags) {
      Gauge.builder(IN_FLIGHT, inFlight, AtomicLong::get)
          .description("Requests sent and not yet completed")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      successes = requests(registry, tags, "success");
      failures = requests(registry, tags, "failure");
      latency = timer(registry, tags, LATENCY, "End-to-end latency of successful requests");
      ttft = timer(registry, tags, TTFT, "Time to first output-bearing event");
      itl = timer(registry, tags, ITL, "Gap between consecutive output-bearing events");
      tpot = timer(registry, tags, TPOT, "Time per output token after the first");
      inputTokens = tokens(registry, tags, "input");
      outputTokens = tokens(registry, tags, "output");
    }

    private static Counter requests(MeterRegistry registry, Tags tags, String outcome) {
      return Counter.builder(REQUESTS)
          .description("Completed requests")
          .baseUnit("requests")
          .tags(tags.and("outcome", outcome))
          .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, Tags tags, String type) {
      return Counter.builder(TOKENS)
          .description("Tokens of successful requests")
          .baseUnit("tokens")
          .tags(tags.and("type", type))
          .register(registry);
    }

    private static Timer timer(MeterRegistry registry, Tags tags, String name,
        String description) {
      return Timer.builder(name).description(description).tags(tags).register(registry);
    }
  }
}
