package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The name, position and folder of one tuning run, which replace the engine's own: the engine
 * runs each measurement as a one-point sweep without files, and the tuner presents it to sinks,
 * listeners and results as {@code sla_<variable>_<value>_run_<i>} in its own folder.
 *
 * @param name the run name, such as {@code sla_parallel_8_run_0}
 * @param index 0-based position of the run in the tuning
 * @param runCount runs started so far, this one included, because the total is not known in
 *     advance
 * @param outputDir the run's folder, or null when no files are written
 */
record RunLabel(String name, int index, int runCount, @Nullable Path outputDir) {

  /** Returns {@code run} with this label's name, position and folder. */
  RunInfo apply(RunInfo run) {
    return new RunInfo(name, index, runCount, outputDir, run.parallel(), run.number(), run.rate(),
        run.openLoop(), run.api(), run.apiKind(), run.model(), run.url(), run.dataset(),
        run.startedAtMillis(), run.config());
  }

  /** Returns {@code report} with this label applied to its run. */
  RunReport apply(RunReport report) {
    return new RunReport(apply(report.run()), report.cancelled(), report.duration(),
        report.totalRequests(), report.successRequests(), report.failedRequests(),
        report.streamRequests(), report.nonStreamRequests(), report.failuresByKind(),
        report.tokenSources(), report.summary(), report.distributions(), report.warnings());
  }
}
