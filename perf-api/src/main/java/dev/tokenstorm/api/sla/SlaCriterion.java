package dev.tokenstorm.api.sla;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One SLA criterion: a measure compared with a threshold ({@code p99_latency <= 2 s}), or an
 * optimisation goal ({@code tps max}). Create criteria through {@link Sla} and {@link SlaMeasure}.
 *
 * @param measure what is measured
 * @param operator the comparison or goal
 * @param threshold the limit in {@code measure.unit()}; present exactly when the operator is a
 *     comparison
 */
public record SlaCriterion(SlaMeasure measure, SlaOperator operator, OptionalDouble threshold) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if a comparison has no finite threshold, or an optimisation
   *     goal has one
   */
  public SlaCriterion {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(threshold, "threshold");
    if (operator.isOptimisation() && threshold.isPresent()) {
      throw new IllegalArgumentException(measure.name() + " " + operator.symbol()
          + " is an optimisation goal and takes no threshold, but got " + threshold.getAsDouble());
    }
    if (!operator.isOptimisation()
        && (threshold.isEmpty() || !Double.isFinite(threshold.getAsDouble()))) {
      throw new IllegalArgumentException(measure.name() + " " + operator.symbol()
          + " needs a finite threshold in " + measure.unit() + " but got "
          + (threshold.isPresent() ? threshold.getAsDouble() : "none"));
    }
  }

  /** Returns the comparison {@code measure operator threshold}. */
  static SlaCriterion of(SlaMeasure measure, SlaOperator operator, double threshold) {
    return new SlaCriterion(measure, operator, OptionalDouble.of(threshold));
  }

  /** Returns whether this is a {@code max} or {@code min} goal. */
  public boolean isOptimisation() {
    return operator.isOptimisation();
  }

  /**
   * Returns whether {@code actual} (in {@code measure.unit()}) meets this criterion; optimisation
   * goals accept every value.
   */
  public boolean accepts(double actual) {
    return operator.isOptimisation() || operator.accepts(actual, threshold.getAsDouble());
  }

  /**
   * Returns the criterion as text with its unit, such as {@code p99_ttft <= 500 ms} or
   * {@code tps -> max}.
   */
  @Override
  public String toString() {
    if (operator.isOptimisation()) {
      return measure.name() + " -> " + operator.symbol();
    }
    return measure.name() + " " + operator.symbol() + " " + plain(threshold.getAsDouble()) + " "
        + measure.unit();
  }

  /** Returns {@code value} as a plain decimal without trailing zeros, such as 0.5 or 2. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
