package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.ResultSinkProvider;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.SinkSettings;
import dev.tokenstorm.api.sla.SlaGroupResult;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.api.sla.SlaResult;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.SlaTuning;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.config.Registry;
import dev.tokenstorm.core.internal.config.SweepPoint;
import dev.tokenstorm.core.internal.engine.SweepRunner;
import dev.tokenstorm.core.internal.local.LocalServer;
import dev.tokenstorm.core.internal.local.LocalServerPlugin;
import dev.tokenstorm.core.internal.report.EvalscopeFilesSink;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an SLA tuning: searches each criteria group and measures each value it visits with the
 * sweep engine, then writes {@code sla_summary.json} and {@code performance_summary.txt}.
 *
 * <p>Each run of a measured value is a one-point sweep of the normal engine ({@link SweepRunner})
 * with {@code parallel}, {@code rate} and {@code number} set for that value. The engine writes no
 * files for it; the tuner presents the run to the sinks as {@code sla_<variable>_<value>_run_<i>}
 * in {@code <root>/sla_tuning/}, so the default sinks write evalscope's per-run files there. The
 * sinks are created once for the whole tuning and closed after its last run. Only the first run
 * tests the connection. The dataset offset advances by {@code number} after every run, and the
 * tuner pauses for {@code sleepInterval} before every run but the first. For the {@code local}
 * and {@code local_vllm} apis, one local server runs for the whole tuning.
 *
 * <p>Single use: {@link #run()} may be called once. {@link #stop()} may be called from any thread.
 */
public final class SlaTuner {

  private static final Logger log = LoggerFactory.getLogger(SlaTuner.class);

  private final PerfConfig config;
  private final SlaTuning tuning;
  private final PerfClock clock;
  private final Registry registry;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile @Nullable SweepRunner current;

  // State of the running tuning, used by the tuning thread only.
  private final List<RunReport> allRuns = new ArrayList<>();
  private long datasetOffset;

  /**
   * Creates a tuner for {@code config}.
   *
   * @throws IllegalArgumentException if {@code config} has no SLA tuning
   */
  public SlaTuner(PerfConfig config, PerfClock clock, Registry registry) {
    this.config = Objects.requireNonNull(config, "config");
    SlaTuning configured = config.slaTuning();
    if (configured == null) {
      throw new IllegalArgumentException("the configuration has no SLA tuning");
    }
    this.tuning = configured;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.datasetOffset = config.datasetOffset();
  }

  /** Stops the tuning: the running measurement is cancelled and no new one starts. Idempotent. */
  public void stop() {
    stopped.set(true);
    SweepRunner runner = current;
    if (runner != null) {
      runner.stop();
    }
  }

  /**
   * Runs the tuning and returns its result; a cancelled tuning returns what it found so far.
   *
   * @throws PerfRunException if a run cannot go on (connection test, dataset, output folder)
   * @throws InterruptedException if the calling thread is interrupted
   * @throws IllegalStateException if called a second time
   */
  public SlaResult run() throws InterruptedException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("an SlaTuner runs once; create a new one");
    }
    if (!(config.plugin() instanceof LocalServerPlugin local)) {
      return tune(config.plugin());
    }
    // api local / local_vllm: one server runs for the whole tuning, and every run goes to it.
    try (LocalServer server = LocalServer.start(local.spec(), stopped::get)) {
      return tune(new StartedServerPlugin(local));
    }
  }

  private SlaResult tune(ApiPlugin runPlugin) throws InterruptedException {
    Path root = config.outputsDir() == null ? null : SlaOutputRoot.create(config.outputsDir(),
        config.name(), config.noTimestamp(), LocalDateTime.now());
    try (SlaLog runLog = openLog(root)) {
      logStart(runLog, root);
      List<ResultSink> sinks = createSinks(root);
      SlaSearcher searcher = new SlaSearcher(tuning, startValue(),
          value -> measure(value, root, runPlugin, sinks, runLog),
          line -> runLog.info("SLA {}", line));
      List<SlaGroupResult> groups;
      try {
        groups = searcher.searchAll();
      } finally {
        closeSinks(sinks, runLog);
      }
      boolean cancelled = stopped.get() || searcher.cancelled();
      String table = SlaTable.render(tuning.variable(), groups);
      runLog.info("SLA tuning finished{} after {} runs of {} values:\n{}",
          cancelled ? " (cancelled)" : "", allRuns.size(), searcher.points().size(), table);
      List<SlaPoint> points = searcher.points();
      if (root != null) {
        writeFiles(root, points, table, cancelled, runLog);
      }
      return new SlaResult(tuning.variable(), groups, points,
          new PerfResult(allRuns, root, cancelled), cancelled, table);
    }
  }

  /** Returns the search's first value: the first configured parallel or rate. */
  private double startValue() {
    SweepPoint first = config.points().get(0);
    if (tuning.variable() == SlaVariable.PARALLEL) {
      return first.capped() ? first.parallel() : tuning.lowerBound();
    }
    return first.paced() ? first.rate() : tuning.lowerBound();
  }

  /** Runs {@code numRuns} runs at {@code value} and returns them with their average. */
  private SlaPoint measure(double value, @Nullable Path root, ApiPlugin runPlugin,
      List<ResultSink> sinks, SlaLog runLog) throws InterruptedException {
    int number = tuning.requestsPerRun(value);
    SweepPoint point = sweepPoint(value, number);
    String key = tuning.variable().key() + "_" + SlaSearcher.formatValue(value);
    List<RunReport> runs = new ArrayList<>();
    for (int i = 0; i < tuning.numRuns(); i++) {
      if (!allRuns.isEmpty()) {
        pause(runLog);
      }
      if (stopped.get()) {
        throw new SlaCancelledException();
      }
      RunLabel label = label("sla_" + key + "_run_" + i, root);
      runLog.info("SLA run {}: {} = {}, run {} of {}, {} requests{}", label.name(),
          tuning.variable().key(), SlaSearcher.formatValue(value), i + 1, tuning.numRuns(),
          number, label.outputDir() == null ? "" : ", files in " + label.outputDir());
      RunReport report = runOnce(point, label, runPlugin, sinks);
      if (report == null) {
        throw new SlaCancelledException();
      }
      runs.add(report);
      allRuns.add(report);
      datasetOffset += number;
      logRun(runLog, report);
      if (report.cancelled() || stopped.get()) {
        throw new SlaCancelledException();
      }
    }
    RunReport first = runs.get(0);
    RunInfo info = new RunLabel(key, 0, 1, null).apply(first.run());
    return new SlaPoint(tuning.variable(), value, number, runs, SlaAverages.average(runs, info));
  }

  /** Runs one measurement through the engine; returns null if it was stopped before starting. */
  private @Nullable RunReport runOnce(SweepPoint point, RunLabel label, ApiPlugin runPlugin,
      List<ResultSink> sinks) throws InterruptedException {
    List<ResultSink> runSinks = new ArrayList<>();
    sinks.forEach(sink -> runSinks.add(new RelabelledSink(sink, label)));
    List<ProgressListener> runListeners = new ArrayList<>();
    config.listeners().forEach(l -> runListeners.add(new RelabelledListener(l, label)));
    Map<String, @Nullable Object> masked = new LinkedHashMap<>(config.maskedConfig());
    masked.put("parallel", List.of(point.parallel()));
    masked.put("number", List.of(point.number()));
    masked.put("rate", List.of(point.rate()));
    masked.put("dataset_offset", datasetOffset);
    PerfConfig runConfig = config.forSlaRun(point, datasetOffset,
        config.testConnection() && allRuns.isEmpty(), runPlugin, runSinks, runListeners, masked);
    SweepRunner runner = new SweepRunner(runConfig, clock, registry);
    current = runner;
    try {
      if (stopped.get()) {
        runner.stop();
      }
      PerfResult result = runner.run();
      return result.runs().isEmpty() ? null : label.apply(result.runs().get(0));
    } finally {
      current = null;
    }
  }

  private SweepPoint sweepPoint(double value, int number) {
    if (tuning.variable() == SlaVariable.PARALLEL) {
      return new SweepPoint((int) value, number, SweepPoint.UNPACED);
    }
    int parallel;
    if (tuning.fixedParallel().isPresent()) {
      parallel = tuning.fixedParallel().getAsInt();
    } else if (config.openLoop()) {
      parallel = SweepPoint.UNCAPPED;
    } else {
      // evalscope's choice: without a fixed concurrency, a closed loop gets the upper bound.
      parallel = (int) Math.min(Integer.MAX_VALUE, Math.ceil(tuning.upperBound()));
    }
    return new SweepPoint(parallel, number, value);
  }

  private RunLabel label(String name, @Nullable Path root) {
    Path folder = null;
    if (root != null) {
      folder = root.resolve(SlaFiles.RUNS_FOLDER).resolve(name);
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new PerfRunException("output", "run folder " + folder.toAbsolutePath()
            + " could not be created: " + e.getMessage(), e);
      }
    }
    return new RunLabel(name, allRuns.size(), allRuns.size() + 1, folder);
  }

  private void pause(SlaLog runLog) throws InterruptedException {
    Duration pause = config.sleepInterval();
    if (pause.isZero() || stopped.get()) {
      return;
    }
    runLog.info("Sleeping {} s before the next run", pause.toMillis() / 1000.0);
    long end = clock.nanoTime() + pause.toNanos();
    while (!stopped.get() && clock.nanoTime() < end) {
      clock.sleepUntil(Math.min(end, clock.nanoTime() + 50_000_000));
    }
  }

  private List<ResultSink> createSinks(@Nullable Path root) {
    List<ResultSink> sinks = new ArrayList<>();
    if (config.defaultSinks()) {
      if (root != null) {
        sinks.add(new EvalscopeFilesSink());
      }
      SinkSettings settings = new SinkSettings(config.dbCommitInterval(),
          PerfDefaults.MAX_STORED_TEXT_CHARS);
      for (ResultSinkProvider provider : registry.sinkProviders()) {
        if (provider.enabledByDefault()) {
          sinks.add(provider.create(settings));
        }
      }
    }
    sinks.addAll(config.sinks());
    return sinks;
  }

  private static void closeSinks(List<ResultSink> sinks, SlaLog runLog) {
    for (ResultSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        runLog.warn("Result sink '{}' failed to close: {}", sink.name(), e.toString());
        log.debug("Closing result sink '{}' failed", sink.name(), e);
      }
    }
  }

  private void writeFiles(Path root, List<SlaPoint> points, String table, boolean cancelled,
      SlaLog runLog) {
    try {
      SlaFiles.writeSummary(root, points);
    } catch (IOException | RuntimeException e) {
      runLog.warn("{} could not be written: {}", SlaFiles.SUMMARY_FILE, e.toString());
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      SlaPoint point = points.get(i);
      text.append("==== Value ").append(i + 1).append(" of ").append(points.size()).append(": ")
          .append(point.key()).append(" (mean of ").append(point.runs().size())
          .append(point.runs().size() == 1 ? " run" : " runs").append(") ====\n\n")
          .append(point.averaged().toTable()).append('\n');
    }
    text.append("==== Measured values ====\n\n");
    text.append(new PerfResult(points.stream()
        .sorted(Comparator.comparingDouble(SlaPoint::value))
        .map(SlaPoint::averaged).toList(), root, cancelled).toTable()).append('\n');
    text.append("==== SLA tuning ====\n\n").append(table);
    try {
      SlaFiles.writePerformanceSummary(root, text.toString());
    } catch (IOException | RuntimeException e) {
      runLog.warn("{} could not be written: {}", SlaFiles.PERFORMANCE_SUMMARY_FILE, e.toString());
    }
  }

  private void logStart(SlaLog runLog, @Nullable Path root) {
    String url = config.url();
    int query = url.indexOf('?');
    runLog.info("SLA tuning of {} from {} to {}, starting at {}, against {} (model {}); {}"
        + " group(s): {}; {} run(s) per value, each of max({}, {} x value) requests; allowed"
        + " failure rate {}; output {}",
        tuning.variable().key(), SlaSearcher.formatValue(tuning.lowerBound()),
        SlaSearcher.formatValue(tuning.upperBound()), SlaSearcher.formatValue(startValue()),
        query >= 0 ? url.substring(0, query) : url, config.model(), tuning.groups().size(),
        tuning.groups(), tuning.numRuns(), tuning.minRequests(),
        SlaSearcher.formatValue(tuning.numberMultiplier()),
        SlaSearcher.formatValue(tuning.maxFailureRate()),
        root == null ? "none" : root.toAbsolutePath());
    for (String warning : config.configWarnings()) {
      runLog.warn("{}", warning);
    }
  }

  private static void logRun(SlaLog runLog, RunReport report) {
    runLog.info("SLA run {} finished{}: {} of {} requests succeeded; {} req/s; avg latency {} s;"
        + " p99 latency {} s; avg TTFT {} ms", report.run().name(),
        report.cancelled() ? " (cancelled)" : "", report.successRequests(),
        report.totalRequests(), format(report.summary().requestThroughput()),
        format(report.summary().avgLatencySeconds()),
        format(report.percentile(Metric.LATENCY, 99)),
        format(report.summary().avgTtftMillis()));
  }

  private SlaLog openLog(@Nullable Path root) {
    try {
      return SlaLog.open(root == null ? null : root.resolve("benchmark.log"));
    } catch (IOException e) {
      throw new PerfRunException("output", "benchmark.log could not be created in " + root + ": "
          + e.getMessage(), e);
    }
  }

  private static String format(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.4f", value.getAsDouble()) : "-";
  }
}
