package dev.tokenstorm.api.result;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The results of a whole {@code PerfRun}: one report per sweep point, in run order.
 *
 * @param runs the reports, one per completed or cancelled run
 * @param outputRoot the root output folder, or null when no files were written
 * @param cancelled whether the sweep was cancelled
 */
public record PerfResult(List<RunReport> runs, @Nullable Path outputRoot, boolean cancelled) {

  public PerfResult {
    runs = List.copyOf(runs);
  }

  /** Returns the root output folder, if files were written. */
  public Optional<Path> outputDirectory() {
    return Optional.ofNullable(outputRoot);
  }

  /** Returns the only run's report; throws if the sweep had more or fewer runs. */
  public RunReport single() {
    if (runs.size() != 1) {
      throw new IllegalStateException("expected exactly one run but the result has " + runs.size());
    }
    return runs.get(0);
  }

  /** Renders the multi-run summary table (one row per run) as plain text. */
  public String toTable() {
    return ReportTables.renderSweep(this);
  }
}
