package dev.tokenstorm.api.result;

/**
 * Creates a sink that every {@code PerfRun} includes by default when the provider is on the class
 * path. Found through {@link java.util.ServiceLoader}; {@code perf-sqlite} provides the SQLite sink
 * this way.
 */
public interface ResultSinkProvider {

  /** Returns the sink's name, such as {@code sqlite}. */
  String name();

  /**
   * Returns whether every {@code PerfRun} includes this sink unless default sinks are switched off.
   * Providers that return false are added only when selected by name.
   */
  default boolean enabledByDefault() {
    return true;
  }

  /** Creates a sink for one {@code PerfRun}. */
  ResultSink create(SinkSettings settings);
}
