package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.config.SweepPoint;
import dev.tokenstorm.core.internal.http.HttpTransport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs one point of a sweep: warmup, then the measured phase, feeding records to the metrics,
 * the sinks and the listeners, and returns the run's report.
 */
final class RunExecutor {

  private final PerfConfig config;
  private final SweepPoint point;
  private final int index;
  private final int runCount;
  private final @Nullable Path root;
  private final long datasetOffset;
  private final SinkHub sinks;
  private final List<ProgressListener> listeners;
  private final PerfClock clock;
  private final StopSignal stop;
  private final RunLog runLog;
  private final Listeners listenerCalls;

  private final List<String> datasetWarnings = Collections.synchronizedList(new ArrayList<>());
  private BeforeTraffic beforeTraffic = () -> {};
  private final ImageTokenEstimate imageTokens;
  // The three counts change together under the lock, so every snapshot has completed ==
  // succeeded + failed.
  private final Object countLock = new Object();
  private long completed;
  private long succeeded;
  private long failed;

  RunExecutor(PerfConfig config, SweepPoint point, int index, int runCount, @Nullable Path root,
      long datasetOffset, SinkHub sinks, PerfClock clock, StopSignal stop, RunLog runLog) {
    this(config, point, index, runCount, root, datasetOffset, sinks, clock, stop, runLog,
        config.listeners());
  }

  /** Like the other constructor, with {@code listeners} in place of the configured ones. */
  RunExecutor(PerfConfig config, SweepPoint point, int index, int runCount, @Nullable Path root,
      long datasetOffset, SinkHub sinks, PerfClock clock, StopSignal stop, RunLog runLog,
      List<ProgressListener> listeners) {
    this.config = config;
    this.point = point;
    this.index = index;
    this.runCount = runCount;
    this.root = root;
    this.datasetOffset = datasetOffset;
    this.sinks = sinks;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    this.stop = stop;
    this.runLog = runLog;
    this.listenerCalls = new Listeners(this.listeners);
    this.imageTokens = new ImageTokenEstimate(config.images().patchSize(),
        message -> runLog.warn("{}", message));
  }

  /** Work that must happen after the dataset opened and before the first request is sent. */
  interface BeforeTraffic {
    void run() throws InterruptedException;
  }

  /**
   * Sets work to run once the dataset has opened and before any request of this run, such as the
   * sweep's connection test. An exception from it propagates before the run has started, so the
   * run gets no folder and no sink or listener call.
   */
  RunExecutor beforeTraffic(BeforeTraffic work) {
    this.beforeTraffic = work;
    return this;
  }

  RunReport run() throws InterruptedException {
    int warmupCount = config.warmup().countFor(point.number());
    // The dataset opens first and the connection test (if any) runs next, so that an error of
    // either stops the sweep before any traffic, and before this run gets a folder or reaches the
    // sinks and listeners.
    QueryFeed feed = new QueryFeed(config.dataset(), datasetContext(warmupCount));
    try {
      beforeTraffic.run();
      return run(feed, warmupCount);
    } finally {
      feed.close();
    }
  }

  private RunReport run(QueryFeed feed, int warmupCount) throws InterruptedException {
    RunInfo info = runInfo();
    MetricsAccumulator metrics = new MetricsAccumulator(config.plugin().kind());
    runLog.info("Run {}/{} '{}' started: {}, {} requests{}{}", index + 1, runCount, info.name(),
        describeLoad(), point.number(), warmupCount > 0 ? " after " + warmupCount + " warmup" : "",
        config.duration() != null ? ", at most " + config.duration() : "");
    sinks.runStart(info);
    listenerCalls.runStarted(info);
    boolean cancelled;
    long abandoned = 0;
    long unsent = 0;
    OptionalDouble cpu;
    @Nullable PerfRunException failure = null;
    try (HttpTransport transport = new HttpTransport(RunSupport.transportSettings(config, point),
            clock);
        CpuMonitor monitor = new CpuMonitor()) {
      @Nullable LoadPhase phase = null;
      try {
        RequestExecutor executor = new RequestExecutor(config.plugin(), config.generation(),
            transport, config.tokenizer(), imageTokens, clock, feed, seed(),
            PerfDefaults.MAX_STORED_TEXT_CHARS, config.debug());
        phase = measuredPhase(executor, info, metrics);
        if (warmupCount > 0) {
          runWarmup(executor, warmupCount);
        }
        phase.run();
      } catch (PerfRunException e) {
        // The requests measured so far still reach the sinks and listeners before it propagates.
        failure = e;
      } catch (RuntimeException e) {
        failure = new PerfRunException("engine", "run '" + info.name() + "' failed unexpectedly: "
            + e, e);
      }
      if (phase != null) {
        abandoned = phase.abandoned();
        unsent = phase.unsent();
      }
      cancelled = stop.stopped();
      cpu = monitor.meanLoad();
    }
    sinks.drain(Duration.ofMinutes(2));
    List<String> warnings = extraWarnings(abandoned, unsent, cpu);
    if (failure != null) {
      warnings.add("the run stopped early: " + failure.getMessage());
    }
    RunReport report = metrics.report(info, cancelled, warnings);
    sinks.runEnd(report);
    sinks.drain(Duration.ofMinutes(2));
    List<String> late = sinks.takeFailures();
    if (!late.isEmpty()) {
      report = RunSupport.withWarnings(report, late);
    }
    listenerCalls.runFinished(report);
    if (failure != null) {
      runLog.info("Run '{}' stopped early after {} requests, {} succeeded, {} failed", info.name(),
          report.totalRequests(), report.successRequests(), report.failedRequests());
      throw failure;
    }
    runLog.info("Run '{}' finished{}: {} requests, {} succeeded, {} failed in {} s", info.name(),
        cancelled ? " (cancelled)" : "", report.totalRequests(), report.successRequests(),
        report.failedRequests(), String.format(Locale.ROOT, "%.2f",
            report.duration().toNanos() / 1e9));
    return report;
  }

  private void runWarmup(RequestExecutor executor, int warmupCount) throws InterruptedException {
    AtomicLong warmFailed = new AtomicLong();
    LoadPhase warmup = new LoadPhase(executor, clock, point, config.openLoop(), warmupCount, true,
        null, config.queueSizeMultiplier(), seed() ^ 0x3C6EF372FE94F82BL,
        record -> {
          if (!record.success()) {
            warmFailed.incrementAndGet();
          }
        }, index -> {}, stop);
    warmup.run();
    runLog.info("Warmup finished: {} requests, {} failed (not counted in any metric)",
        warmupCount, warmFailed.get());
  }

  private LoadPhase measuredPhase(RequestExecutor executor, RunInfo info,
      MetricsAccumulator metrics) {
    LoadPhase[] holder = new LoadPhase[1];
    LoadPhase.Completion completion = record -> {
      metrics.add(record);
      sinks.record(record);
      long done;
      ProgressSnapshot snapshot;
      synchronized (countLock) {
        done = ++completed;
        if (record.success()) {
          succeeded++;
        } else {
          failed++;
        }
        snapshot = new ProgressSnapshot(point.number(), done, succeeded, failed,
            holder[0].inFlight());
      }
      listenerCalls.completed(info, record, snapshot);
      if (done % config.logEveryNQueries() == 0) {
        logProgress(info, metrics, done);
      }
    };
    holder[0] = new LoadPhase(executor, clock, point, config.openLoop(), point.number(), false,
        config.duration(), config.queueSizeMultiplier(), seed(), completion,
        sent -> listenerCalls.sent(info, sent), stop);
    return holder[0];
  }

  private void logProgress(RunInfo info, MetricsAccumulator metrics, long done) {
    RunReport snapshot = metrics.report(info, false, List.of());
    runLog.info("[{}] {}/{} requests: {} succeeded, {} failed; {} req/s; avg latency {} s;"
        + " avg TTFT {} ms", info.name(), done, point.number(), snapshot.successRequests(),
        snapshot.failedRequests(), format(snapshot.summary().requestThroughput()),
        format(snapshot.summary().avgLatencySeconds()),
        format(snapshot.summary().avgTtftMillis()));
  }

  private List<String> extraWarnings(long abandoned, long unsent, OptionalDouble cpu) {
    List<String> warnings = new ArrayList<>(config.configWarnings());
    synchronized (datasetWarnings) {
      warnings.addAll(datasetWarnings);
    }
    imageTokens.warning().ifPresent(warnings::add);
    if (abandoned > 0) {
      warnings.add(requests(abandoned) + " still in flight when the run was cancelled; "
          + (abandoned == 1 ? "it is" : "they are") + " not counted");
    }
    if (unsent > 0) {
      warnings.add(requests(unsent) + " due but still waiting for a free slot (parallel "
          + point.parallel() + ") when dispatch stopped" + (config.duration() != null
              ? " (duration " + describe(config.duration()) + ")" : "")
          + "; " + (unsent == 1 ? "it was" : "they were") + " never sent and "
          + (unsent == 1 ? "is" : "are") + " not counted");
    }
    if (cpu.isPresent() && cpu.getAsDouble() > 0.9) {
      warnings.add(String.format(Locale.ROOT, "the client's CPU was saturated (mean process load"
          + " %.0f%% of all cores); measured times may include time spent waiting for a core",
          cpu.getAsDouble() * 100));
    }
    warnings.addAll(listenerCalls.failures());
    warnings.addAll(sinks.takeFailures());
    return warnings;
  }

  /** Returns "1 request was" or "N requests were". */
  private static String requests(long count) {
    return count == 1 ? "1 request was" : count + " requests were";
  }

  /** Formats a duration for messages: {@code 90 s}, {@code 5 min} or {@code 250 ms}. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis >= 60_000) {
      return millis / 60_000 + " min";
    }
    if (millis % 1000 == 0 && millis >= 1000) {
      return millis / 1000 + " s";
    }
    return millis + " ms";
  }

  private RunInfo runInfo() throws InterruptedException {
    String name = point.runName(config.openLoop());
    Path outputDir = null;
    if (root != null) {
      outputDir = root.resolve(name);
      try {
        Files.createDirectories(outputDir);
      } catch (IOException e) {
        throw new PerfRunException("output", "run folder " + outputDir.toAbsolutePath()
            + " could not be created: " + e.getMessage(), e);
      }
    }
    return new RunInfo(name, index, runCount, outputDir,
        point.capped() ? OptionalInt.of(point.parallel()) : OptionalInt.empty(), point.number(),
        point.paced() ? OptionalDouble.of(point.rate()) : OptionalDouble.empty(),
        config.openLoop(), config.apiName(), config.plugin().kind(), config.model(),
        RunSupport.withoutQuery(config.url()), config.datasetLabel(), clock.wallMillis(),
        config.maskedConfig());
  }

  private DatasetContext datasetContext(int warmupCount) {
    return new DatasetContext(config.datasetPath(), config.tokenizer(),
        config.applyChatTemplate(), config.minPromptLength(), config.maxPromptLength(),
        config.prefixLength(), config.generation().seed(), datasetOffset,
        (long) point.number() + warmupCount, config.generation().tokenizePrompt(),
        config.images(), config.dataSource(), config.hubEndpoint(), config.datasetCacheDir(),
        config.datasetArgs(), message -> {
          runLog.warn("Dataset: {}", message);
          if (datasetWarnings.size() < 50) {
            datasetWarnings.add("dataset: " + message);
          }
        });
  }

  private long seed() {
    Long seed = config.generation().seed();
    return (seed != null ? seed : clock.wallMillis()) + 31L * index;
  }

  private String describeLoad() {
    if (config.openLoop()) {
      return "open loop at " + point.rate() + " req/s"
          + (point.capped() ? ", at most " + point.parallel() + " in flight" : "");
    }
    return "closed loop, " + point.parallel() + " in flight"
        + (point.paced() ? ", paced at " + point.rate() + " req/s" : "");
  }

  private static String format(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
  }
}
