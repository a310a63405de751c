package dev.tokenstorm.api.sla;

import dev.tokenstorm.api.result.Metric;

/**
 * Creates the measures that SLA criteria judge. Each measure then gives criteria through its
 * comparison methods, with thresholds as {@link java.time.Duration}s for times or as numbers in
 * the measure's unit:
 *
 * {@snippet :
 * Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500));     // p99_ttft <= 500 ms
 * Sla.avg(Metric.LATENCY).below(Duration.ofSeconds(2));    // avg_latency < 2 s
 * Sla.requestThroughput().atLeast(20);                      // rps >= 20 req/s
 * Sla.percentile(Metric.TPOT, 95).atMost(Duration.ofMillis(40));
 * Sla.outputThroughput().maximise();                        // tps -> max
 * }
 */
public final class Sla {

  private Sla() {}

  /** Returns the mean of {@code metric} over a run's successful requests. */
  public static SlaMeasure avg(Metric metric) {
    return new SlaMeasure.Mean(metric);
  }

  /** Returns the median (50th percentile) of {@code metric}. */
  public static SlaMeasure p50(Metric metric) {
    return percentile(metric, 50);
  }

  /** Returns the 90th percentile of {@code metric}. */
  public static SlaMeasure p90(Metric metric) {
    return percentile(metric, 90);
  }

  /** Returns the 99th percentile of {@code metric}. */
  public static SlaMeasure p99(Metric metric) {
    return percentile(metric, 99);
  }

  /**
   * Returns the percentile {@code rank} of {@code metric}.
   *
   * @param rank one of {@link SlaMeasure#REPORTED_RANKS}: 0 (minimum), 1, 5, 10, 25, 50, 66, 75,
   *     80, 90, 95, 98, 99, 99.9 or 100 (maximum)
   * @throws IllegalArgumentException if runs do not report {@code rank}
   */
  public static SlaMeasure percentile(Metric metric, double rank) {
    return new SlaMeasure.PercentileValue(metric, rank);
  }

  /** Returns the successful requests per second of wall time ({@code rps}, in req/s). */
  public static SlaMeasure requestThroughput() {
    return new SlaMeasure.RequestThroughput();
  }

  /** Returns the output tokens per second of wall time ({@code tps}, in tok/s). */
  public static SlaMeasure outputThroughput() {
    return new SlaMeasure.OutputThroughput();
  }
}
