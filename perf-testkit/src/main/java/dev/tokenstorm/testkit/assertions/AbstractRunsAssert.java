package dev.tokenstorm.testkit.assertions;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * The checks shared by {@link RunReportAssert} (one run) and {@link PerfResultAssert} (every run of
 * a sweep). Each check fails with one line per run that breaks it, naming the measured value with
 * its unit, the limit and the run.
 *
 * <p>Limits are inclusive: "at most 500 ms" passes at exactly 500 ms. Percentiles are the points
 * the report carries: minimum, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9 and maximum.
 * They come from a histogram with 3 significant digits, so a value is within 0.1 % of the exact
 * sample.
 *
 * @param <SELF> the concrete assertion type, returned by every check for chaining
 * @param <ACTUAL> the object under test
 */
public abstract class AbstractRunsAssert<SELF extends AbstractRunsAssert<SELF, ACTUAL>, ACTUAL>
    extends AbstractAssert<SELF, ACTUAL> {

  AbstractRunsAssert(ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** Returns the reports the checks apply to, in run order. */
  abstract List<RunReport> reports();

  // ------------------------------------------------------------------ latency percentiles

  /** Checks that the 99th percentile of TTFT is at most {@code limit} in every run. */
  public SELF hasP99TtftAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.TTFT, 99, limit);
  }

  /** Checks that the median TTFT is at most {@code limit} in every run. */
  public SELF hasP50TtftAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.TTFT, 50, limit);
  }

  /** Checks that the 99th percentile of end-to-end latency is at most {@code limit}. */
  public SELF hasP99LatencyAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.LATENCY, 99, limit);
  }

  /** Checks that the median end-to-end latency is at most {@code limit}. */
  public SELF hasP50LatencyAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.LATENCY, 50, limit);
  }

  /** Checks that the 99th percentile of inter-token latency is at most {@code limit}. */
  public SELF hasP99ItlAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.ITL, 99, limit);
  }

  /** Checks that the 99th percentile of time per output token is at most {@code limit}. */
  public SELF hasP99TpotAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.TPOT, 99, limit);
  }

  /**
   * Checks that the 99th percentile of latency measured from the scheduled send time (free of
   * coordinated omission) is at most {@code limit}. Only rate-paced runs have this metric.
   */
  public SELF hasP99LatencyFromScheduleAtMost(Duration limit) {
    return hasPercentileAtMost(Metric.LATENCY_FROM_SCHEDULE, 99, limit);
  }

  /**
   * Checks that a time metric's percentile is at most {@code limit} in every run.
   *
   * @param metric a metric measured in milliseconds or seconds, such as {@link Metric#TTFT}
   * @param percentile one of the reported points, such as 50, 99 or 99.9; 0 is the minimum and
   *     100 the maximum
   * @throws IllegalArgumentException if the metric is not a time or the percentile is not reported
   */
  public SELF hasPercentileAtMost(Metric metric, double percentile, Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (!Formats.isTime(metric)) {
      throw new IllegalArgumentException(metric + " is measured in " + metric.unit()
          + ", not time; pass the limit as a number in " + metric.unit());
    }
    return percentileCheck(metric, percentile, Formats.inUnit(limit, metric), true);
  }

  /**
   * Checks that a metric's percentile is at most {@code limit}, given in the metric's
   * {@link Metric#unit() unit}, in every run.
   *
   * @throws IllegalArgumentException if the percentile is not one of the reported points
   */
  public SELF hasPercentileAtMost(Metric metric, double percentile, double limit) {
    return percentileCheck(metric, percentile, limit, true);
  }

  /**
   * Checks that a metric's percentile is at least {@code limit}, given in the metric's
   * {@link Metric#unit() unit}, in every run; for per-request throughputs, where low is bad.
   *
   * @throws IllegalArgumentException if the percentile is not one of the reported points
   */
  public SELF hasPercentileAtLeast(Metric metric, double percentile, double limit) {
    return percentileCheck(metric, percentile, limit, false);
  }

  // ------------------------------------------------------------------ success and throughput

  /**
   * Checks that at least {@code fraction} of the completed requests succeeded in every run.
   *
   * @param fraction between 0 and 1, such as 0.99 for 99 %
   * @throws IllegalArgumentException if {@code fraction} is outside [0, 1]
   */
  public SELF hasSuccessRateAtLeast(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be between 0 and 1, such as 0.99 for"
          + " 99 %, but was " + fraction);
    }
    double limitPercent = fraction * 100;
    return check(report -> {
      if (report.totalRequests() == 0) {
        return "Expected success rate of " + run(report) + " to be at least "
            + Formats.number(limitPercent, 2) + " % but the run completed no requests";
      }
      double percent = report.successRatePercent();
      if (percent >= limitPercent) {
        return null;
      }
      String[] shown = Formats.pair(percent, limitPercent, 2);
      return "Expected success rate of " + run(report) + " to be at least " + shown[1]
          + " % but was " + shown[0] + " % (" + report.successRequests() + " of "
          + report.totalRequests() + " requests succeeded; " + failures(report) + ")";
    });
  }

  /** Checks that no completed request failed in any run. */
  public SELF hasNoFailedRequests() {
    return check(report -> report.failedRequests() == 0 ? null
        : "Expected " + run(report) + " to have no failed requests but " + report.failedRequests()
            + " of " + report.totalRequests() + " failed (" + failures(report) + ")");
  }

  /**
   * Checks that the run-level output throughput (output tokens per second of wall time) is at
   * least {@code tokensPerSecond} in every run.
   */
  public SELF hasOutputThroughputAtLeast(double tokensPerSecond) {
    return summaryAtLeast("output throughput", report -> report.summary().outputThroughput(),
        tokensPerSecond, "tok/s");
  }

  /** Checks that successful requests per second of wall time are at least {@code perSecond}. */
  public SELF hasRequestThroughputAtLeast(double perSecond) {
    return summaryAtLeast("request throughput", report -> report.summary().requestThroughput(),
        perSecond, "req/s");
  }

  /**
   * Checks that the measured send rate is at least {@code perSecond} in every run; useful to see
   * that a rate-paced run really offered the configured load.
   */
  public SELF hasAchievedRateAtLeast(double perSecond) {
    return summaryAtLeast("achieved request rate", report -> report.summary().achievedRate(),
        perSecond, "req/s");
  }

  /**
   * Checks that the 99th percentile of client lag (how late requests were sent against the rate
   * schedule) is at most {@code limit}. Only rate-paced runs have this value.
   */
  public SELF hasP99ClientLagAtMost(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    double limitMillis = limit.toNanos() / 1e6;
    return check(report -> {
      OptionalDouble lag = report.summary().p99ClientLagMillis();
      String subject = "p99 client lag of " + run(report);
      if (lag.isEmpty()) {
        return "Expected " + subject + " to be at most " + Formats.number(limitMillis, 3)
            + " ms but the run has no client lag (only rate-paced runs have one)";
      }
      if (lag.getAsDouble() <= limitMillis) {
        return null;
      }
      String[] shown = Formats.pair(lag.getAsDouble(), limitMillis, 2);
      return "Expected " + subject + " to be at most " + shown[1] + " ms but was " + shown[0]
          + " ms";
    });
  }

  // ------------------------------------------------------------------ run state

  /** Checks that every run has no warnings. */
  public SELF hasNoWarnings() {
    return hasNoWarningsOtherThan();
  }

  /**
   * Checks that every run has no warnings except those containing one of {@code ignored}, such as
   * {@code "fewer than 100 samples"} for a deliberately short run.
   */
  public SELF hasNoWarningsOtherThan(String... ignored) {
    List<String> fragments = List.of(ignored);
    return check(report -> {
      List<String> left = report.warnings().stream()
          .filter(w -> fragments.stream().noneMatch(w::contains))
          .toList();
      if (left.isEmpty()) {
        return null;
      }
      return "Expected " + run(report) + " to have no warnings but it has " + left.size() + ":"
          + left.stream().map(w -> "\n  - " + w).collect(Collectors.joining());
    });
  }

  /** Checks that no run was cancelled. */
  public SELF isNotCancelled() {
    return check(report -> report.cancelled()
        ? "Expected " + run(report) + " not to be cancelled but it was, after "
            + report.totalRequests() + " of " + report.run().number() + " requests"
        : null);
  }

  /** Checks that every run completed exactly its configured {@code number} of requests. */
  public SELF completedAllRequests() {
    return check(report -> report.totalRequests() == report.run().number() ? null
        : "Expected " + run(report) + " to complete all " + report.run().number()
            + " requests but it completed " + report.totalRequests()
            + (report.cancelled() ? " (the run was cancelled)" : ""));
  }

  // ------------------------------------------------------------------ implementation

  private SELF percentileCheck(Metric metric, double percentile, double limit, boolean atMost) {
    Objects.requireNonNull(metric, "metric");
    String unit = metric.unit();
    String direction = atMost ? "at most" : "at least";
    String what = Formats.percentile(percentile) + " " + Formats.name(metric);
    return check(report -> {
      String subject = what + " of " + run(report);
      Distribution distribution = report.distribution(metric).orElse(null);
      if (distribution == null || distribution.percentiles().isEmpty()) {
        return "Expected " + subject + " to be " + direction + " "
            + Formats.number(limit, Formats.decimals(unit) + 2) + " " + unit
            + " but the run has no " + Formats.name(metric) + " samples ("
            + report.successRequests() + " of " + report.totalRequests()
            + " requests succeeded" + hint(metric) + ")";
      }
      OptionalDouble value = distribution.at(percentile);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("percentile " + percentile + " is not reported; use"
            + " one of " + distribution.percentiles().stream().map(Percentile::rank).toList());
      }
      double measured = value.getAsDouble();
      if (atMost ? measured <= limit : measured >= limit) {
        return null;
      }
      String[] shown = Formats.pair(measured, limit, Formats.decimals(unit));
      return "Expected " + subject + " to be " + direction + " " + shown[1] + " " + unit
          + " but was " + shown[0] + " " + unit;
    });
  }

  private SELF summaryAtLeast(String what, Function<RunReport, OptionalDouble> value,
      double limit, String unit) {
    return check(report -> {
      OptionalDouble measured = value.apply(report);
      String subject = what + " of " + run(report);
      if (measured.isEmpty()) {
        return "Expected " + subject + " to be at least " + Formats.number(limit, 3) + " " + unit
            + " but it is not available (" + report.successRequests() + " of "
            + report.totalRequests() + " requests succeeded)";
      }
      if (measured.getAsDouble() >= limit) {
        return null;
      }
      String[] shown = Formats.pair(measured.getAsDouble(), limit, 1);
      return "Expected " + subject + " to be at least " + shown[1] + " " + unit + " but was "
          + shown[0] + " " + unit;
    });
  }

  /**
   * Applies {@code problem} to every report; a non-null result is that run's failure line. Fails
   * with all lines when any run fails.
   */
  private SELF check(Function<RunReport, @Nullable String> problem) {
    isNotNull();
    List<RunReport> reports = reports();
    if (reports.isEmpty()) {
      failWithMessage("%s", "Expected a result with at least one run but it has none");
    }
    List<String> lines = new ArrayList<>();
    for (RunReport report : reports) {
      String line = problem.apply(report);
      if (line != null) {
        lines.add(line);
      }
    }
    if (!lines.isEmpty()) {
      failWithMessage("%s", String.join("\n", lines));
    }
    return myself;
  }

  private static String run(RunReport report) {
    return "run '" + report.run().name() + "'";
  }

  private static String failures(RunReport report) {
    Map<ErrorKind, Long> byKind = report.failuresByKind();
    if (byKind.isEmpty()) {
      return "no failure reasons recorded";
    }
    return "failures: " + byKind.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String hint(Metric metric) {
    return switch (metric) {
      case TTFT, TTFC, ITL -> "; this metric needs streamed responses";
      case TPOT -> "; TPOT needs requests with more than one output token";
      case QUEUE_TIME, LATENCY_FROM_SCHEDULE -> "; only rate-paced runs have this metric";
      default -> "";
    };
  }
}
