package dev.tokenstorm.api.result;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of one run: counts, averages, distributions and warnings.
 *
 * <p>Immutable and thread-safe.
 *
 * @param run what ran
 * @param cancelled whether the run was cancelled before all requests completed
 * @param duration wall time from the first send to the last response of the measured phase
 * @param totalRequests measured requests that completed, successfully or not
 * @param successRequests successful requests
 * @param failedRequests failed requests
 * @param streamRequests requests answered with a streamed response (or that asked for one)
 * @param nonStreamRequests the other requests
 * @param failuresByKind failed requests per reason
 * @param tokenSources successful requests per output-token source
 * @param summary averages and throughputs
 * @param distributions per-metric distributions, in {@link Metric} order; metrics without samples
 *     are left out
 * @param warnings problems that affect how far the numbers can be trusted, in the order found
 */
public record RunReport(
    RunInfo run,
    boolean cancelled,
    Duration duration,
    long totalRequests,
    long successRequests,
    long failedRequests,
    long streamRequests,
    long nonStreamRequests,
    Map<ErrorKind, Long> failuresByKind,
    Map<TokenSource, Long> tokenSources,
    RunSummary summary,
    Map<Metric, Distribution> distributions,
    List<String> warnings) {

  public RunReport {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(summary, "summary");
    failuresByKind = Map.copyOf(failuresByKind);
    tokenSources = Map.copyOf(tokenSources);
    distributions = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(
        distributions.isEmpty() ? new java.util.EnumMap<Metric, Distribution>(Metric.class)
            : distributions));
    warnings = List.copyOf(warnings);
  }

  /** Returns the distribution of {@code metric}, if it has samples. */
  public Optional<Distribution> distribution(Metric metric) {
    return Optional.ofNullable(distributions.get(metric));
  }

  /**
   * Returns the value of {@code metric} at percentile {@code rank} (one of the reported points, such
   * as 50, 90, 99 or 99.9; 0 is the minimum and 100 the maximum), in the metric's unit. Empty when
   * the metric has no samples in this run.
   */
  public java.util.OptionalDouble percentile(Metric metric, double rank) {
    Distribution distribution = distributions.get(metric);
    return distribution == null ? java.util.OptionalDouble.empty() : distribution.at(rank);
  }

  /** Returns successful requests as a percentage of all completed requests (0 when none). */
  public double successRatePercent() {
    return totalRequests == 0 ? 0 : 100.0 * successRequests / totalRequests;
  }

  /**
   * Renders the "Benchmarking summary" and "Percentile results" tables as plain text, warnings
   * first.
   */
  public String toTable() {
    return ReportTables.render(this);
  }
}
