package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.ResultSinkProvider;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.SinkSettings;
import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.config.Registry;
import dev.tokenstorm.core.internal.config.SweepPoint;
import dev.tokenstorm.core.internal.local.LocalServer;
import dev.tokenstorm.core.internal.local.LocalServerPlugin;
import dev.tokenstorm.core.internal.progress.ProgressFile;
import dev.tokenstorm.core.internal.report.EvalscopeFilesSink;
import dev.tokenstorm.core.internal.report.SummaryFiles;
import dev.tokenstorm.core.internal.visualizer.VisualizerSettings;
import dev.tokenstorm.core.internal.visualizer.Visualizers;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Drives a whole {@code PerfRun}: output folder, sinks, connection test, then each sweep point in
 * order with a pause between them, and the summary files at the end.
 */
public final class SweepRunner {

  private final PerfConfig config;
  private final PerfClock clock;
  private final StopSignal stop;
  private final Registry registry;

  /** Creates a runner; {@link #stop()} may be called from any thread. */
  public SweepRunner(PerfConfig config, PerfClock clock, Registry registry) {
    this.config = config;
    this.clock = clock;
    this.stop = new StopSignal(PerfDefaults.CANCEL_GRACE);
    this.registry = registry;
  }

  /** Stops dispatch; in-flight requests get a short grace period, then the result is returned. */
  public void stop() {
    stop.stop();
  }

  /** Returns whether {@link #stop()} was called. */
  public boolean stopped() {
    return stop.stopped();
  }

  /**
   * Runs every point of the sweep and returns the reports.
   *
   * @throws PerfRunException if the run cannot go on (local server, connection test, dataset,
   *     output folder)
   * @throws InterruptedException if the calling thread is interrupted
   */
  public PerfResult run() throws InterruptedException {
    if (!(config.plugin() instanceof LocalServerPlugin local)) {
      return runSweep();
    }
    // api local / local_vllm: the server runs for the whole sweep and is stopped, with its child
    // processes, however the sweep ends.
    try (LocalServer server = LocalServer.start(local.spec(), stop::stopped)) {
      return runSweep();
    }
  }

  private PerfResult runSweep() throws InterruptedException {
    LocalDateTime started = LocalDateTime.now();
    Path root = config.outputsDir() == null ? null
        : OutputRoot.create(config.outputsDir(), config.name(), config.noTimestamp(), started);
    List<RunReport> reports = new ArrayList<>();
    try (RunLog runLog = openLog(root);
        ProgressFile progress = openProgress(root, runLog)) {
      runLog.info("Tokenstorm run started: {} requests to {} (api {}, model {}, dataset {});"
          + " output {}", describeSweep(), RunSupport.withoutQuery(config.url()), config.apiName(),
          config.model(), config.datasetLabel(), root == null ? "none" : root.toAbsolutePath());
      runLog.debug("Configuration: {}", config.maskedConfig());
      for (String warning : config.configWarnings()) {
        runLog.warn("{}", warning);
      }
      try (SinkHub sinks = new SinkHub(sinks(root, started))) {
        runPoints(root, sinks, runLog, reports, progress);
      } catch (RuntimeException | InterruptedException e) {
        if (progress != null) {
          progress.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        throw e;
      }
      PerfResult result = new PerfResult(reports, root, stop.stopped());
      if (progress != null) {
        if (result.cancelled()) {
          progress.cancelled();
        } else {
          progress.completed();
        }
      }
      writeSummary(root, result, runLog);
      return result;
    }
  }

  // ------------------------------------------------------------------ progress.json

  /** Opens progress.json in the output root when the tracker is on; null otherwise. */
  private @Nullable ProgressFile openProgress(@Nullable Path root, RunLog runLog) {
    if (!config.progressTracker()) {
      return null;
    }
    if (root == null) {
      runLog.warn("progressTracker is on but the run writes no files, so there is no {}",
          ProgressFile.FILE_NAME);
      return null;
    }
    long total = config.points().stream().mapToLong(SweepPoint::number).sum();
    return ProgressFile.start(root, total, clock);
  }

  private List<ProgressListener> listeners(@Nullable ProgressFile progress) {
    if (progress == null) {
      return config.listeners();
    }
    List<ProgressListener> listeners = new ArrayList<>(config.listeners());
    listeners.add(progress.listener());
    return listeners;
  }

  // ------------------------------------------------------------------ end of progress.json

  private void runPoints(@Nullable Path root, SinkHub sinks, RunLog runLog,
      List<RunReport> reports, @Nullable ProgressFile progress) throws InterruptedException {
    List<SweepPoint> points = config.points();
    long offset = config.datasetOffset();
    for (int i = 0; i < points.size() && !stop.stopped(); i++) {
      SweepPoint point = points.get(i);
      RunExecutor executor = new RunExecutor(config, point, i, points.size(), root, offset,
          sinks, clock, stop, runLog, listeners(progress));
      if (i == 0) {
        // After the first run's dataset opened, so a dataset error comes before any traffic.
        executor.beforeTraffic(() -> new ConnectionTest(config, clock, runLog, stop).run());
      }
      RunReport report = executor.run();
      reports.add(report);
      runLog.fileOnly(report.toTable());
      offset += point.number();
      if (i < points.size() - 1 && !stop.stopped() && !config.sleepInterval().isZero()) {
        runLog.info("Sleeping {} s before the next run", config.sleepInterval().toMillis() / 1000.0);
        sleepUnlessStopped(config.sleepInterval());
      }
    }
  }

  private void sleepUnlessStopped(Duration pause) throws InterruptedException {
    long end = clock.nanoTime() + pause.toNanos();
    while (!stop.stopped() && clock.nanoTime() < end) {
      clock.sleepUntil(Math.min(end, clock.nanoTime() + 50_000_000));
    }
  }

  private List<ResultSink> sinks(@Nullable Path root, LocalDateTime started) {
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
    for (String name : config.visualizerNames()) {
      sinks.add(Visualizers.create(name, visualizerSettings(name, root, started)));
    }
    sinks.addAll(config.sinks());
    return sinks;
  }

  private VisualizerSettings visualizerSettings(String name, @Nullable Path root,
      LocalDateTime started) {
    String key = switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "wandb" -> config.wandbApiKey() == null ? null : config.wandbApiKey().reveal();
      case "swanlab" -> config.swanlabApiKey() == null ? null : config.swanlabApiKey().reveal();
      default -> null;
    };
    // The user's name if one was set, else <model>_<timestamp>.
    String runName = config.maskedConfig().get("name") instanceof String n && !n.isBlank() ? n
        : config.name() + "_" + started.format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    return new VisualizerSettings(runName, config.model(), key, System.getenv(), root,
        Duration.ofSeconds(5), config.maskedConfig());
  }

  private void writeSummary(@Nullable Path root, PerfResult result, RunLog runLog) {
    String table = result.toTable();
    runLog.info("Sweep summary:\n{}", table);
    if (root == null) {
      return;
    }
    try {
      SummaryFiles.writePerformanceSummary(root, result);
    } catch (RuntimeException e) {
      runLog.warn("performance_summary.txt could not be written: {}", e.toString());
    }
  }

  private RunLog openLog(@Nullable Path root) {
    try {
      return RunLog.open(root == null ? null : root.resolve("benchmark.log"), config.debug());
    } catch (IOException e) {
      throw new PerfRunException("output", "benchmark.log could not be created in " + root + ": "
          + e.getMessage(), e);
    }
  }

  private String describeSweep() {
    return config.points().stream()
        .map(p -> p.runName(config.openLoop()))
        .reduce((a, b) -> a + ", " + b)
        .orElse("no");
  }
}
