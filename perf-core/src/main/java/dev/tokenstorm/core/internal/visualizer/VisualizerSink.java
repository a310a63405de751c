package dev.tokenstorm.core.internal.visualizer;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle shared by all visualizers: one tracker run per benchmark run, the running summary
 * as a throttled time series, then the final summary, the percentile table and the end of the
 * tracker run.
 *
 * <h2>Failures</h2>
 *
 * Each upload (creating the run, one time-series point, the final values, finishing the run) that
 * fails is counted. The first failure of a sink is logged at WARN, later ones at DEBUG. After
 * {@value #MAX_CONSECUTIVE_FAILURES} failures in a row, or when the tracker run could not be
 * created, the remaining uploads of that run are skipped so that a service that is down costs
 * little time. {@link #onRunEnd} then throws an {@link IOException} whose message gives the number
 * of failed uploads and the first error. The engine puts that message in the run's warnings. The measurement itself is
 * never affected.
 *
 * <h2>Threading</h2>
 *
 * The engine calls a sink from one writer thread, so this class keeps plain fields.
 */
abstract class VisualizerSink implements ResultSink {

  private static final Logger log = LoggerFactory.getLogger(VisualizerSink.class);

  static final int MAX_CONSECUTIVE_FAILURES = 3;

  final VisualizerSettings settings;
  private final String serviceName;
  private boolean warned;

  private @Nullable RunInfo run;
  private RunningSummary summary = new RunningSummary();
  private boolean runOpen;
  private boolean pointSent;
  private long lastPointNanos;
  private int step;
  private long runStartMillis;
  private int attempted;
  private int failed;
  private int skipped;
  private int consecutiveFailures;
  private @Nullable String firstError;

  VisualizerSink(String serviceName, VisualizerSettings settings) {
    this.serviceName = serviceName;
    this.settings = settings;
  }

  @Override
  public final String name() {
    return serviceName;
  }

  @Override
  public final void onRunStart(RunInfo run) throws InterruptedException {
    startBookkeeping(run);
    String displayName = displayName(run);
    Map<String, @Nullable Object> config = ReportValues.config(settings.maskedConfig(), run);
    runOpen = upload("creating run '" + displayName + "'", () -> openRun(run, displayName, config));
  }

  @Override
  public final void onRecord(RequestRecord record) throws InterruptedException {
    summary.add(record);
    long now = System.nanoTime();
    if (pointSent && now - lastPointNanos < settings.logInterval().toNanos()) {
      return;
    }
    pointSent = true;
    lastPointNanos = now;
    Map<String, Double> point = summary.snapshot();
    int pointStep = step++;
    if (runOpen) {
      upload("metrics at step " + pointStep,
          () -> logPoint(pointStep, System.currentTimeMillis(), point));
    } else {
      skipped++;
    }
  }

  @Override
  public final void onRunEnd(RunReport report) throws IOException, InterruptedException {
    if (run == null) {
      startBookkeeping(report.run());
    }
    if (runOpen) {
      int finalStep = step++;
      Map<String, Double> finalSummary = ReportValues.summary(report);
      upload("final summary", () -> logFinal(report, finalStep, System.currentTimeMillis(),
          finalSummary));
    } else {
      skipped++;
    }
    if (runOpen) {
      upload("finishing run", () -> finishRun(report));
    } else {
      skipped++;
    }
    String problem = failureMessage();
    run = null;
    if (problem != null) {
      throw new IOException(problem);
    }
  }

  /** Releases the HTTP client; the base class holds nothing to release. */
  @Override
  public void close() {}

  /** Returns the tracker's name for {@code run}: the benchmark name, plus the folder in sweeps. */
  final String displayName(RunInfo run) {
    return run.runCount() > 1 ? settings.runName() + "/" + run.name() : settings.runName();
  }

  /** Returns epoch milliseconds when the current run started, for relative timestamps. */
  final long runStartMillis() {
    return runStartMillis;
  }

  /** Creates the tracker run and sends its configuration. */
  abstract void openRun(RunInfo run, String displayName, Map<String, @Nullable Object> config)
      throws UploadException, InterruptedException;

  /** Sends one point of the running summary's time series. */
  abstract void logPoint(int step, long wallMillis, Map<String, Double> metrics)
      throws UploadException, InterruptedException;

  /** Sends the last point, the final summary and the percentile table. */
  abstract void logFinal(RunReport report, int step, long wallMillis, Map<String, Double> summary)
      throws UploadException, InterruptedException;

  /** Marks the tracker run as finished. */
  abstract void finishRun(RunReport report) throws UploadException, InterruptedException;

  /** An upload that may fail. */
  @FunctionalInterface
  interface Upload {
    void run() throws UploadException, InterruptedException;
  }

  private void startBookkeeping(RunInfo run) {
    this.run = run;
    summary = new RunningSummary();
    runOpen = false;
    pointSent = false;
    step = 0;
    runStartMillis = System.currentTimeMillis();
    attempted = 0;
    failed = 0;
    skipped = 0;
    consecutiveFailures = 0;
    firstError = null;
  }

  /** Runs {@code upload} unless earlier failures stopped the run, and counts the outcome. */
  private boolean upload(String what, Upload upload) throws InterruptedException {
    if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
      skipped++;
      return false;
    }
    attempted++;
    try {
      upload.run();
      consecutiveFailures = 0;
      return true;
    } catch (UploadException | RuntimeException e) {
      recordFailure(what, e);
      return false;
    }
  }

  private void recordFailure(String what, Exception e) {
    failed++;
    consecutiveFailures++;
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (firstError == null) {
      firstError = message;
    }
    if (!warned) {
      warned = true;
      log.warn("{}: {} failed: {} (further upload failures of this visualizer are logged at "
          + "DEBUG)", serviceName, what, message);
    } else {
      log.debug("{}: {} failed: {}", serviceName, what, message, e);
    }
    if (consecutiveFailures == MAX_CONSECUTIVE_FAILURES) {
      log.debug("{}: {} failures in a row, skipping the other uploads of run '{}'", serviceName,
          MAX_CONSECUTIVE_FAILURES, run == null ? "?" : run.name());
    }
  }

  private @Nullable String failureMessage() {
    if (failed == 0) {
      return null;
    }
    StringBuilder message = new StringBuilder()
        .append(serviceName).append(": ").append(failed).append(" of ").append(attempted)
        .append(" uploads failed");
    if (skipped > 0) {
      message.append(" and ").append(skipped).append(" were skipped");
    }
    message.append(" for run '").append(run == null ? "?" : run.name()).append("': ")
        .append(firstError);
    return message.toString();
  }
}
