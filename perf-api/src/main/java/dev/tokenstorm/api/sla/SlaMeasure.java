package dev.tokenstorm.api.sla;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A quantity of a run that an SLA criterion judges: the mean or a percentile of a {@link Metric},
 * the request throughput ({@code rps}) or the output token throughput ({@code tps}).
 *
 * <p>Values are in {@link #unit()}: the metric's own unit for means and percentiles (latency in
 * seconds, TTFT, TPOT and ITL in milliseconds), req/s for {@code rps}, tok/s for {@code tps}.
 * Create measures with {@link Sla}, then turn them into criteria with {@link #atMost(Duration)},
 * {@link #atLeast(double)}, {@link #maximise()} and the other methods here.
 */
public sealed interface SlaMeasure {

  /**
   * The percentile ranks a run reports (0 is the minimum, 100 the maximum); a percentile measure
   * must use one of them.
   */
  List<Double> REPORTED_RANKS =
      List.of(0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 100.0);

  /**
   * Returns the name used in evalscope's criteria syntax and in tables: {@code avg_latency},
   * {@code p99_ttft}, {@code p99.9_itl}, {@code max_latency}, {@code rps}, {@code tps}.
   */
  String name();

  /** Returns the unit of the measured value, such as {@code s}, {@code ms} or {@code tok/s}. */
  String unit();

  /** Returns this measure's value in {@code report}, or empty when the run has no samples for it. */
  OptionalDouble valueIn(RunReport report);

  /** Returns the criterion "value &lt;= threshold", the threshold in {@link #unit()}. */
  default SlaCriterion atMost(double threshold) {
    return SlaCriterion.of(this, SlaOperator.AT_MOST, threshold);
  }

  /**
   * Returns the criterion "value &lt;= limit" for a time measure.
   *
   * @throws IllegalArgumentException if this measure is not a time (its unit is not s or ms)
   */
  default SlaCriterion atMost(Duration limit) {
    return atMost(inUnit(limit));
  }

  /** Returns the criterion "value &lt; threshold", the threshold in {@link #unit()}. */
  default SlaCriterion below(double threshold) {
    return SlaCriterion.of(this, SlaOperator.BELOW, threshold);
  }

  /**
   * Returns the criterion "value &lt; limit" for a time measure.
   *
   * @throws IllegalArgumentException if this measure is not a time (its unit is not s or ms)
   */
  default SlaCriterion below(Duration limit) {
    return below(inUnit(limit));
  }

  /** Returns the criterion "value &gt;= threshold", the threshold in {@link #unit()}. */
  default SlaCriterion atLeast(double threshold) {
    return SlaCriterion.of(this, SlaOperator.AT_LEAST, threshold);
  }

  /**
   * Returns the criterion "value &gt;= limit" for a time measure.
   *
   * @throws IllegalArgumentException if this measure is not a time (its unit is not s or ms)
   */
  default SlaCriterion atLeast(Duration limit) {
    return atLeast(inUnit(limit));
  }

  /** Returns the criterion "value &gt; threshold", the threshold in {@link #unit()}. */
  default SlaCriterion above(double threshold) {
    return SlaCriterion.of(this, SlaOperator.ABOVE, threshold);
  }

  /**
   * Returns the criterion "value &gt; limit" for a time measure.
   *
   * @throws IllegalArgumentException if this measure is not a time (its unit is not s or ms)
   */
  default SlaCriterion above(Duration limit) {
    return above(inUnit(limit));
  }

  /** Returns the goal "find the setting with the largest value". */
  default SlaCriterion maximise() {
    return new SlaCriterion(this, SlaOperator.MAXIMISE, OptionalDouble.empty());
  }

  /** Returns the goal "find the setting with the smallest value". */
  default SlaCriterion minimise() {
    return new SlaCriterion(this, SlaOperator.MINIMISE, OptionalDouble.empty());
  }

  /**
   * Returns {@code duration} in this measure's unit.
   *
   * @throws IllegalArgumentException if this measure is not a time (its unit is not s or ms)
   */
  default double inUnit(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return switch (unit()) {
      case "s" -> duration.toNanos() / 1e9;
      case "ms" -> duration.toNanos() / 1e6;
      default -> throw new IllegalArgumentException(name() + " is measured in " + unit()
          + ", not in time, so its threshold cannot be a Duration; pass a number in " + unit());
    };
  }

  /** Returns the short name of {@code metric} used in measure names, such as {@code ttft}. */
  static String metricKey(Metric metric) {
    return metric.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mean of a metric over a run's successful requests, named {@code avg_<metric>}.
   *
   * @param metric the metric
   */
  record Mean(Metric metric) implements SlaMeasure {

    public Mean {
      Objects.requireNonNull(metric, "metric");
    }

    @Override
    public String name() {
      return "avg_" + metricKey(metric);
    }

    @Override
    public String unit() {
      return metric.unit();
    }

    /**
     * Returns the run summary's mean where the summary has one (the figure the report tables
     * print), otherwise the mean of the metric's distribution.
     */
    @Override
    public OptionalDouble valueIn(RunReport report) {
      RunSummary s = report.summary();
      OptionalDouble fromSummary = switch (metric) {
        case LATENCY -> s.avgLatencySeconds();
        case TTFT -> s.avgTtftMillis();
        case TTFC -> s.avgTtfcMillis();
        case TPOT -> s.avgTpotMillis();
        case ITL -> s.avgItlMillis();
        case INPUT_TOKENS -> s.avgInputTokens();
        case OUTPUT_TOKENS -> s.avgOutputTokens();
        case QUEUE_TIME -> s.avgQueueTimeMillis();
        case LATENCY_FROM_SCHEDULE -> s.avgLatencyFromScheduleSeconds();
        default -> OptionalDouble.empty();
      };
      if (fromSummary.isPresent()) {
        return fromSummary;
      }
      return report.distribution(metric).map(Distribution::mean).orElse(OptionalDouble.empty());
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /**
   * A percentile of a metric over a run, named {@code p<rank>_<metric>}, or {@code min_<metric>}
   * and {@code max_<metric>} for ranks 0 and 100.
   *
   * @param metric the metric
   * @param rank one of {@link #REPORTED_RANKS}, such as 99.0
   */
  record PercentileValue(Metric metric, double rank) implements SlaMeasure {

    public PercentileValue {
      Objects.requireNonNull(metric, "metric");
      if (!REPORTED_RANKS.contains(rank)) {
        throw new IllegalArgumentException("percentile rank " + rank + " is not reported; use one"
            + " of " + REPORTED_RANKS);
      }
    }

    @Override
    public String name() {
      if (rank == 0) {
        return "min_" + metricKey(metric);
      }
      if (rank == 100) {
        return "max_" + metricKey(metric);
      }
      String number = rank == Math.rint(rank) ? Long.toString((long) rank) : Double.toString(rank);
      return "p" + number + "_" + metricKey(metric);
    }

    @Override
    public String unit() {
      return metric.unit();
    }

    @Override
    public OptionalDouble valueIn(RunReport report) {
      return report.percentile(metric, rank);
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** Successful requests per second of wall time, named {@code rps}. */
  record RequestThroughput() implements SlaMeasure {

    @Override
    public String name() {
      return "rps";
    }

    @Override
    public String unit() {
      return "req/s";
    }

    @Override
    public OptionalDouble valueIn(RunReport report) {
      return report.summary().requestThroughput();
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** Output tokens per second of wall time, named {@code tps}. */
  record OutputThroughput() implements SlaMeasure {

    @Override
    public String name() {
      return "tps";
    }

    @Override
    public String unit() {
      return "tok/s";
    }

    @Override
    public OptionalDouble valueIn(RunReport report) {
      return report.summary().outputThroughput();
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
