package dev.tokenstorm.api.result;

/**
 * Receives the records and reports of a {@code PerfRun}: files, databases, dashboards.
 *
 * <h2>Lifecycle</h2>
 *
 * For each run of a sweep: {@link #onRunStart} once, {@link #onRecord} 0..n times (one per measured
 * request; warmup requests never arrive), then {@link #onRunEnd} once, also when the run fails or is
 * cancelled. {@link #close} is called exactly once after the last run, even on failure.
 *
 * <h2>Threading</h2>
 *
 * Each sink has its own writer thread in the engine: calls to one sink never overlap and arrive in
 * completion order. A slow sink delays only itself, never the requests, because records are queued
 * for it. Sinks should still batch their I/O.
 *
 * <h2>Errors</h2>
 *
 * An exception thrown from a callback is caught by the engine, logged (the first at WARN, later
 * ones at DEBUG), counted in the run's warnings, and never disturbs the measurement.
 */
public interface ResultSink extends AutoCloseable {

  /** A sink that ignores everything. */
  ResultSink NONE = new ResultSink() {};

  /** Returns a short name used in log lines and warnings. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Called before the first request of a run. */
  default void onRunStart(RunInfo run) throws Exception {}

  /** Called once per measured request, in completion order. */
  default void onRecord(RequestRecord record) throws Exception {}

  /** Called after the last record of a run, with the run's report. */
  default void onRunEnd(RunReport report) throws Exception {}

  /** Releases resources; called once after the last run. */
  @Override
  default void close() throws Exception {}
}
