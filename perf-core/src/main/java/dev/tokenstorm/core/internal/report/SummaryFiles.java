package dev.tokenstorm.core.internal.report;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/** Writes the sweep-level text report, {@code performance_summary.txt}. */
public final class SummaryFiles {

  /** File name of the text report in the output root. */
  public static final String PERFORMANCE_SUMMARY_FILE = "performance_summary.txt";

  private SummaryFiles() {}

  /**
   * Writes {@code performance_summary.txt} into {@code root}: each run's summary and percentile
   * tables, then the sweep table. The file is replaced atomically and the folder created if
   * missing.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePerformanceSummary(Path root, PerfResult result) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(result, "result");
    Path target = root.resolve(PERFORMANCE_SUMMARY_FILE);
    try {
      JsonFiles.writeText(target, render(result));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Returns the text of {@code performance_summary.txt}. */
  static String render(PerfResult result) {
    StringBuilder text = new StringBuilder();
    int count = result.runs().size();
    for (int i = 0; i < count; i++) {
      RunReport report = result.runs().get(i);
      text.append("==== Run ").append(i + 1).append(" of ").append(count).append(": ")
          .append(report.run().name()).append(" ====\n\n");
      text.append(report.toTable()).append('\n');
    }
    text.append("==== Sweep ====\n\n");
    text.append(result.toTable());
    return text.toString();
  }
}
