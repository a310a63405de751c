package dev.tokenstorm.core.internal.report;

import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes evalscope's per-run JSON files into each run's output folder when the run ends:
 * {@code benchmark_args.json} (the masked configuration), {@code benchmark_summary.json} and
 * {@code benchmark_percentile.json}. Runs without an output folder are skipped.
 *
 * <p>The summary keeps evalscope's keys in evalscope's order, with {@code null} for values that
 * are not available, followed by Tokenstorm's extra keys. Each file replaces an existing file of
 * the same name atomically; choosing a fresh folder per run is up to the caller.
 *
 * <p>Threading: the engine calls one sink from one thread at a time; the sink keeps no per-run
 * state.
 */
public final class EvalscopeFilesSink implements ResultSink {

  private static final Logger log = LoggerFactory.getLogger(EvalscopeFilesSink.class);

  /** File name of the masked run configuration. */
  public static final String ARGS_FILE = "benchmark_args.json";
  /** File name of the run summary. */
  public static final String SUMMARY_FILE = "benchmark_summary.json";
  /** File name of the percentile table. */
  public static final String PERCENTILE_FILE = "benchmark_percentile.json";

  private final JsonFiles files = new JsonFiles();

  /** Creates the sink. */
  public EvalscopeFilesSink() {}

  @Override
  public String name() {
    return "evalscope-files";
  }

  /**
   * Writes the three files into {@code report.run().outputDir()}, creating the folder if needed.
   *
   * @throws IOException if a file cannot be written; files written before it stay in place
   */
  @Override
  public void onRunEnd(RunReport report) throws IOException {
    Path folder = report.run().outputDir();
    if (folder == null) {
      return;
    }
    files.writeJson(folder.resolve(ARGS_FILE), EvalscopeDocuments.jsonValue(report.run().config()));
    files.writeJson(folder.resolve(SUMMARY_FILE), EvalscopeDocuments.summary(report));
    files.writeJson(folder.resolve(PERCENTILE_FILE), EvalscopeDocuments.percentiles(report));
    log.debug("Wrote {}, {} and {} to {}", ARGS_FILE, SUMMARY_FILE, PERCENTILE_FILE, folder);
  }

  /** Does nothing, because the sink keeps no open resources between runs. */
  @Override
  public void close() {}
}
