package dev.tokenstorm.api.result;

/**
 * Follows a {@code PerfRun} while it goes, for progress displays and live metrics.
 *
 * <h2>Threading</h2>
 *
 * {@link #onRequestSent} and {@link #onRequestCompleted} are called on the request threads, many at
 * once, so implementations must be thread-safe and fast (no blocking I/O): time spent here delays
 * the request. The run-level callbacks are called from the thread that drives the run.
 *
 * <h2>Lifecycle</h2>
 *
 * Per run: {@code onRunStarted} once, then the request callbacks for measured requests only
 * (warmup requests are not reported), then {@code onRunFinished} once, also on cancellation and
 * when the run stops with a {@code PerfRunException}: the report then covers the requests measured
 * before the failure and has a warning starting with {@code the run stopped early:}.
 *
 * <h2>Errors</h2>
 *
 * An exception thrown here is caught, logged once at WARN, and counted in the run's warnings.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** Called before the first request of a run. */
  default void onRunStarted(RunInfo run) {}

  /**
   * Called when a measured request is handed to the HTTP client.
   *
   * @param index the request's position in the run
   */
  default void onRequestSent(RunInfo run, long index) {}

  /** Called when a measured request has completed, successfully or not. */
  default void onRequestCompleted(RunInfo run, RequestRecord record, ProgressSnapshot progress) {}

  /** Called after the run's last request, with its report. */
  default void onRunFinished(RunReport report) {}
}
