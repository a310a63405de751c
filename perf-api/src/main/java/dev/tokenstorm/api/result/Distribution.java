package dev.tokenstorm.api.result;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The distribution of one metric over a run.
 *
 * <p>Percentiles come from an HdrHistogram with 3 significant decimal digits, so each value is
 * within 0.1 % of the exact sample at that rank. The mean is exact.
 *
 * @param metric the metric; values are in {@link Metric#unit()}
 * @param count number of samples
 * @param mean exact mean, empty when there are no samples
 * @param percentiles the points {@code min, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9,
 *     max}; empty when there are no samples
 */
public record Distribution(
    Metric metric, long count, OptionalDouble mean, List<Percentile> percentiles) {

  public Distribution {
    Objects.requireNonNull(metric, "metric");
    percentiles = List.copyOf(percentiles);
  }

  /** Returns the value at {@code rank} (for example 99.0), if the point exists. */
  public OptionalDouble at(double rank) {
    return percentiles.stream()
        .filter(p -> p.rank() == rank)
        .mapToDouble(Percentile::value)
        .findFirst();
  }

  /** Returns the smallest sample. */
  public OptionalDouble min() {
    return at(0);
  }

  /** Returns the largest sample. */
  public OptionalDouble max() {
    return at(100);
  }
}
