package dev.tokenstorm.sqlite;

import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.ResultSinkProvider;
import dev.tokenstorm.api.result.SinkSettings;

/**
 * Adds a {@link SqliteResultSink} named {@code sqlite} to every {@code PerfRun} while this module
 * is on the class path: each run folder gets its {@code benchmark_data.db}. Registered in {@code
 * META-INF/services}; {@code PerfRun.builder().defaultSinks(false)} leaves it out.
 */
public final class SqliteSinkProvider implements ResultSinkProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public SqliteSinkProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public ResultSink create(SinkSettings settings) {
    return SqliteResultSink.create(settings);
  }
}
