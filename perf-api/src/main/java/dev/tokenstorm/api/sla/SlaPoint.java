package dev.tokenstorm.api.sla;

import dev.tokenstorm.api.result.RunReport;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One measured value of the tuned variable: its runs and their average.
 *
 * @param variable the tuned variable
 * @param value the setting measured: requests in flight, or requests per second
 * @param requestsPerRun measured requests of each run
 * @param runs the reports of the repeated runs, in order; at least one
 * @param averaged the runs averaged: each summary value and each percentile is the mean over the
 *     runs that have it, and each count is the mean rounded to a whole number. Its run name is
 *     {@link #key()}.
 */
public record SlaPoint(
    SlaVariable variable, double value, long requestsPerRun, List<RunReport> runs,
    RunReport averaged) {

  public SlaPoint {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(averaged, "averaged");
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a measured point needs at least one run");
    }
  }

  /**
   * Returns the point's key in {@code sla_summary.json}: the variable and the value, such as
   * {@code parallel_8} or {@code rate_12.5}.
   */
  public String key() {
    return variable.key() + "_" + SlaCriterion.plain(value);
  }

  /** Returns the completed requests of all runs together. */
  public long totalRequests() {
    return runs.stream().mapToLong(RunReport::totalRequests).sum();
  }

  /** Returns the failed requests of all runs together. */
  public long failedRequests() {
    return runs.stream().mapToLong(RunReport::failedRequests).sum();
  }

  /**
   * Returns failed requests as a fraction (0 to 1) of all completed requests over every run, or
   * empty when no request completed.
   */
  public OptionalDouble failureRate() {
    long total = totalRequests();
    return total == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) failedRequests() / total);
  }

  /** Returns whether any of the runs was cancelled. */
  public boolean cancelled() {
    return runs.stream().anyMatch(RunReport::cancelled);
  }

  /** Returns {@code measure} in the averaged report, or empty when the runs have no samples for it. */
  public OptionalDouble valueOf(SlaMeasure measure) {
    return measure.valueIn(averaged);
  }
}
