package dev.tokenstorm.core.internal.metrics;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The samples of one metric: an HdrHistogram for percentiles plus an exact count, sum, minimum and
 * maximum.
 *
 * <p>Values are passed in the metric's unit ({@link Metric#unit()}) and stored in the histogram as
 * whole multiples of a finer recording unit: nanoseconds for {@code s} and {@code ms} metrics,
 * whole tokens for {@code tokens}, and thousandths of a token per second for {@code tok/s}. The
 * histogram keeps 3 significant decimal digits: values below 2048 recording units get their own
 * bucket, larger ones share a bucket at most 1/1024 of the value wide.
 *
 * <p>Not thread-safe: {@link MetricsAccumulator} guards every instance with its lock.
 */
final class MetricRecorder {

  /** Significant decimal digits kept by every histogram. */
  static final int SIGNIFICANT_DIGITS = 3;

  /** Percentile ranks reported for every metric, from minimum (0) to maximum (100). */
  static final double[] RANKS = {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};

  /** Labels of {@link #RANKS}, as evalscope writes them. */
  static final String[] LABELS = {
    "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
    "99.9%", "max"
  };

  private final Metric metric;
  private final double recordingUnitsPerUnit;
  private final Histogram histogram;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  MetricRecorder(Metric metric) {
    this.metric = metric;
    this.recordingUnitsPerUnit = recordingUnitsPerUnit(metric);
    this.histogram = new Histogram(SIGNIFICANT_DIGITS);
  }

  private MetricRecorder(MetricRecorder source) {
    this.metric = source.metric;
    this.recordingUnitsPerUnit = source.recordingUnitsPerUnit;
    this.histogram = source.histogram.copy();
    this.count = source.count;
    this.sum = source.sum;
    this.min = source.min;
    this.max = source.max;
  }

  /**
   * Returns how many recording units make one unit of {@code metric}: nanoseconds per second or
   * per millisecond, 1 per token, 1000 per token per second.
   */
  static double recordingUnitsPerUnit(Metric metric) {
    return switch (metric.unit()) {
      case "s" -> 1e9;
      case "ms" -> 1e6;
      case "tokens" -> 1;
      case "tok/s" -> 1e3;
      default -> throw new IllegalArgumentException(
          "metric " + metric + " has unit '" + metric.unit() + "', which has no recording scale");
    };
  }

  /**
   * Records one sample in the metric's unit. The caller passes only finite values of 0 or more.
   */
  void record(double value) {
    histogram.recordValue(toRecorded(value));
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  long count() {
    return count;
  }

  /** Returns the exact mean, empty when there are no samples. */
  OptionalDouble mean() {
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
  }

  /** Returns an independent copy, so percentiles can be read without holding the lock. */
  MetricRecorder copy() {
    return new MetricRecorder(this);
  }

  /**
   * Returns the distribution, empty when there are no samples.
   *
   * <p>Each percentile is the nearest-rank sample (the smallest sample with at least {@code rank}
   * % of all samples at or below it). The histogram finds the bucket that contains it and reports
   * the bucket's midpoint, which is within 1/2048 (about 0.05 %) of the sample. When that bucket
   * also contains the smallest or largest sample, the exact minimum or maximum is reported
   * instead, so {@code min} and {@code max} are exact and no percentile lies outside them.
   */
  Optional<Distribution> distribution() {
    if (count == 0) {
      return Optional.empty();
    }
    List<Percentile> points = new ArrayList<>(RANKS.length);
    for (int i = 0; i < RANKS.length; i++) {
      points.add(new Percentile(RANKS[i], LABELS[i], valueAt(RANKS[i])));
    }
    return Optional.of(new Distribution(metric, count, mean(), points));
  }

  private double valueAt(double rank) {
    if (rank == 0) {
      return min;
    }
    if (rank == 100) {
      return max;
    }
    long recorded = histogram.getValueAtPercentile(rank);
    if (histogram.valuesAreEquivalent(recorded, toRecorded(min))) {
      return min;
    }
    if (histogram.valuesAreEquivalent(recorded, toRecorded(max))) {
      return max;
    }
    double value = histogram.medianEquivalentValue(recorded) / recordingUnitsPerUnit;
    return Math.min(Math.max(value, min), max);
  }

  private long toRecorded(double value) {
    return Math.round(value * recordingUnitsPerUnit);
  }
}
