package dev.tokenstorm.core.internal.metrics;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Aggregates the measured requests of one run into a {@link RunReport}.
 *
 * <p>Each record updates running sums and one HdrHistogram per metric (3 significant digits), so
 * {@link #add} costs O(1) per record plus O(1) per inter-token gap, and memory does not grow with
 * the number of requests. docs/metrics.md defines every metric.
 *
 * <p>Threading: thread-safe. {@link #add} may be called from many threads at once; a short lock
 * guards the state. {@link #report} copies the state under that lock and computes percentiles
 * outside it, so it can run while requests are still being added (for progress logs).
 *
 * <p>Lifecycle: one instance per run (sweep point). Add each measured record once; call
 * {@link #report} any number of times.
 */
public final class MetricsAccumulator {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MILLI = 1e6;

  private final ApiKind kind;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final Map<Metric, MetricRecorder> recorders = new EnumMap<>(Metric.class);
  /** Guarded by {@link #lock}. */
  private final RunCounters counters = new RunCounters();

  /**
   * Creates an empty accumulator.
   *
   * @param kind the endpoint kind; generation runs get TTFT, ITL, TPOT and output-token metrics,
   *     embedding and rerank runs get per-request input throughput instead
   */
  public MetricsAccumulator(ApiKind kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
    for (Metric metric : metricsOf(kind)) {
      recorders.put(metric, new MetricRecorder(metric));
    }
  }

  /** Returns the metrics a run of {@code kind} can have samples for, in {@link Metric} order. */
  static List<Metric> metricsOf(ApiKind kind) {
    if (kind == ApiKind.GENERATION) {
      return List.of(
          Metric.LATENCY, Metric.TTFT, Metric.TTFC, Metric.ITL, Metric.TPOT, Metric.INPUT_TOKENS,
          Metric.OUTPUT_TOKENS, Metric.OUTPUT_THROUGHPUT, Metric.TOTAL_THROUGHPUT,
          Metric.DECODE_THROUGHPUT, Metric.QUEUE_TIME, Metric.LATENCY_FROM_SCHEDULE);
    }
    return List.of(
        Metric.LATENCY, Metric.INPUT_TOKENS, Metric.INPUT_THROUGHPUT, Metric.QUEUE_TIME,
        Metric.LATENCY_FROM_SCHEDULE);
  }

  /**
   * Adds one measured request, successful or failed. Warmup records are ignored, because warmup
   * requests are excluded from every metric.
   */
  public void add(RequestRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.warmup()) {
      return;
    }
    // The gap array is the only per-record work that grows with the response, so build it
    // before taking the lock.
    long[] gaps =
        record.success() && kind == ApiKind.GENERATION ? record.interTokenNanos() : new long[0];
    OptionalDouble tpotNanos = record.tpotNanos();
    lock.lock();
    try {
      counters.count(record, kind);
      recordSamples(record, gaps, tpotNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Builds the report of everything added so far.
   *
   * @param run the run's description, copied into the report; its rate decides the rate warning
   * @param cancelled whether the run was cancelled before all requests completed
   * @param extraWarnings warnings from the engine, appended after the accumulator's own
   */
  public RunReport report(RunInfo run, boolean cancelled, List<String> extraWarnings) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(extraWarnings, "extraWarnings");
    RunCounters snapshot;
    Map<Metric, MetricRecorder> copies = new EnumMap<>(Metric.class);
    lock.lock();
    try {
      snapshot = counters.copy();
      recorders.forEach((metric, recorder) -> copies.put(metric, recorder.copy()));
    } finally {
      lock.unlock();
    }

    Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    copies.forEach((metric, recorder) ->
        recorder.distribution().ifPresent(d -> distributions.put(metric, d)));
    RunSummary summary = summarize(snapshot, copies, distributions);
    List<String> warnings =
        RunWarnings.build(kind, run, snapshot, summary, extraWarnings);
    return new RunReport(
        run,
        cancelled,
        Duration.ofNanos(snapshot.wallNanos()),
        snapshot.total,
        snapshot.success,
        snapshot.failed(),
        snapshot.stream,
        snapshot.nonStream,
        snapshot.failuresByKindMap(),
        snapshot.tokenSourcesMap(),
        summary,
        distributions,
        warnings);
  }

  // ---------------------------------------------------------------- recording (under the lock)

  private void recordSamples(RequestRecord record, long[] gaps, OptionalDouble tpotNanos) {
    OptionalLong scheduled = record.scheduledNanos();
    if (scheduled.isPresent()) {
      // A request sent before its slot has waited 0, not a negative time.
      long queueNanos = Math.max(0, record.sentNanos() - scheduled.getAsLong());
      recordNanos(Metric.QUEUE_TIME, queueNanos);
    }
    if (!record.success()) {
      return;
    }
    long latencyNanos = record.endNanos() - record.sentNanos();
    recordNanos(Metric.LATENCY, latencyNanos);
    if (scheduled.isPresent()) {
      recordNanos(Metric.LATENCY_FROM_SCHEDULE, record.endNanos() - scheduled.getAsLong());
    }
    if (kind == ApiKind.GENERATION) {
      recordGeneration(record, gaps, tpotNanos, latencyNanos);
    } else {
      recordInput(record, latencyNanos);
    }
  }

  private void recordGeneration(
      RequestRecord record, long[] gaps, OptionalDouble tpotNanos, long latencyNanos) {
    if (record.stream()) {
      if (record.firstTokenNanos().isPresent()) {
        recordNanos(Metric.TTFT, record.firstTokenNanos().getAsLong() - record.sentNanos());
      }
      if (record.firstContentNanos().isPresent()) {
        recordNanos(Metric.TTFC, record.firstContentNanos().getAsLong() - record.sentNanos());
      }
    }
    for (long gap : gaps) {
      recordNanos(Metric.ITL, gap);
    }
    if (tpotNanos.isPresent()) {
      recordTpot(tpotNanos.getAsDouble());
    }
    recordInput(record, latencyNanos);
    if (record.completionTokens().isPresent()) {
      int completion = record.completionTokens().getAsInt();
      recordValue(Metric.OUTPUT_TOKENS, completion);
      if (latencyNanos > 0) {
        double latencySeconds = latencyNanos / NANOS_PER_SECOND;
        recordValue(Metric.OUTPUT_THROUGHPUT, completion / latencySeconds);
        if (record.promptTokens().isPresent()) {
          int total = record.promptTokens().getAsInt() + completion;
          recordValue(Metric.TOTAL_THROUGHPUT, total / latencySeconds);
        }
      }
    }
  }

  /**
   * Records TPOT and decode throughput. A TPOT of exactly 0 means every output token arrived in
   * one event (a non-streamed response, or a stream that sent everything at once), so the decode
   * speed was not observed and neither metric gets a sample.
   */
  private void recordTpot(double tpotNanos) {
    if (tpotNanos == 0) {
      return;
    }
    if (!(tpotNanos > 0) || Double.isInfinite(tpotNanos)) {
      counters.droppedSamples++;
      return;
    }
    recordValue(Metric.TPOT, tpotNanos / NANOS_PER_MILLI);
    recordValue(Metric.DECODE_THROUGHPUT, NANOS_PER_SECOND / tpotNanos);
  }

  private void recordInput(RequestRecord record, long latencyNanos) {
    if (record.promptTokens().isEmpty()) {
      return;
    }
    int prompt = record.promptTokens().getAsInt();
    recordValue(Metric.INPUT_TOKENS, prompt);
    if (kind != ApiKind.GENERATION && latencyNanos > 0) {
      recordValue(Metric.INPUT_THROUGHPUT, prompt / (latencyNanos / NANOS_PER_SECOND));
    }
  }

  private void recordNanos(Metric metric, long nanos) {
    if (nanos < 0) {
      counters.droppedSamples++;
      return;
    }
    double unitNanos = metric.unit().equals("s") ? NANOS_PER_SECOND : NANOS_PER_MILLI;
    recorders.get(metric).record(nanos / unitNanos);
  }

  private void recordValue(Metric metric, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      counters.droppedSamples++;
      return;
    }
    recorders.get(metric).record(value);
  }

  // ---------------------------------------------------------------- summary (outside the lock)

  private RunSummary summarize(
      RunCounters counts, Map<Metric, MetricRecorder> samples,
      Map<Metric, Distribution> distributions) {
    long wallNanos = counts.wallNanos();
    double wallSeconds = wallNanos / NANOS_PER_SECOND;
    boolean generation = kind == ApiKind.GENERATION;

    OptionalDouble requestThroughput =
        wallNanos > 0 ? OptionalDouble.of(counts.success / wallSeconds) : OptionalDouble.empty();
    OptionalDouble inputThroughput =
        perSecond(counts.promptTokenSum, counts.promptTokenCount > 0, wallSeconds);
    OptionalDouble outputThroughput = generation
        ? perSecond(counts.completionTokenSum, counts.completionTokenCount > 0, wallSeconds)
        : OptionalDouble.empty();
    OptionalDouble totalThroughput = generation
        ? perSecond(counts.promptTokenSum + counts.completionTokenSum,
            counts.promptTokenCount > 0 || counts.completionTokenCount > 0, wallSeconds)
        : OptionalDouble.empty();
    OptionalDouble inputPerRequest = !generation && counts.perRequestLatencyNanosSum > 0
        ? OptionalDouble.of(counts.perRequestPromptTokenSum
            / (counts.perRequestLatencyNanosSum / NANOS_PER_SECOND))
        : OptionalDouble.empty();

    return new RunSummary(
        requestThroughput,
        mean(samples, Metric.LATENCY),
        mean(samples, Metric.TTFT),
        mean(samples, Metric.TTFC),
        mean(samples, Metric.TPOT),
        mean(samples, Metric.ITL),
        counts.promptTokenCount > 0
            ? OptionalDouble.of((double) counts.promptTokenSum / counts.promptTokenCount)
            : OptionalDouble.empty(),
        counts.completionTokenCount > 0
            ? OptionalDouble.of((double) counts.completionTokenSum / counts.completionTokenCount)
            : OptionalDouble.empty(),
        outputThroughput,
        totalThroughput,
        inputThroughput,
        inputPerRequest,
        mean(samples, Metric.QUEUE_TIME),
        distributions.containsKey(Metric.QUEUE_TIME)
            ? distributions.get(Metric.QUEUE_TIME).at(99)
            : OptionalDouble.empty(),
        mean(samples, Metric.LATENCY_FROM_SCHEDULE),
        achievedRate(counts));
  }

  private static OptionalDouble perSecond(double amount, boolean available, double seconds) {
    return available && seconds > 0 ? OptionalDouble.of(amount / seconds) : OptionalDouble.empty();
  }

  private static OptionalDouble mean(Map<Metric, MetricRecorder> samples, Metric metric) {
    MetricRecorder recorder = samples.get(metric);
    return recorder == null ? OptionalDouble.empty() : recorder.mean();
  }

  /** Returns (n - 1) / (last send - first send) in requests per second, for n of 2 or more. */
  private static OptionalDouble achievedRate(RunCounters counts) {
    if (counts.total < 2 || counts.lastSentNanos <= counts.firstSentNanos) {
      return OptionalDouble.empty();
    }
    double spanSeconds = (counts.lastSentNanos - counts.firstSentNanos) / NANOS_PER_SECOND;
    return OptionalDouble.of((counts.total - 1) / spanSeconds);
  }
}
