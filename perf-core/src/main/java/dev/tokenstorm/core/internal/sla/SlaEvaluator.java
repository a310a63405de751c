package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.sla.SlaCheck;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaObservation;
import dev.tokenstorm.api.sla.SlaPoint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges a measured point against one group of criteria: the failure rate must be within the
 * allowed rate, and every criterion must be met by the averaged value of its measure. A measure
 * without samples fails its criterion (evalscope reads a missing percentile as 0, which passes
 * every upper limit).
 */
final class SlaEvaluator {

  private SlaEvaluator() {}

  /** Returns the check of {@code point} against {@code group}. */
  static SlaCheck check(SlaPoint point, List<SlaCriterion> group, double maxFailureRate) {
    List<String> reasons = new ArrayList<>();
    OptionalDouble failureRate = point.failureRate();
    if (failureRate.isEmpty()) {
      reasons.add("no request completed");
    } else if (failureRate.getAsDouble() > maxFailureRate) {
      reasons.add("failure rate " + percent(failureRate.getAsDouble()) + " ("
          + point.failedRequests() + " of " + point.totalRequests() + " requests) is above the"
          + " allowed " + percent(maxFailureRate));
    }
    List<SlaObservation> observations = new ArrayList<>();
    for (SlaCriterion criterion : group) {
      OptionalDouble actual = point.valueOf(criterion.measure());
      boolean met = actual.isPresent() && criterion.accepts(actual.getAsDouble());
      observations.add(new SlaObservation(criterion, actual, met));
      if (actual.isEmpty()) {
        reasons.add(criterion.measure().name() + " has no samples");
      } else if (!met) {
        reasons.add(criterion.measure().name() + " = " + format(actual.getAsDouble()) + " "
            + criterion.measure().unit() + ", needs " + criterion.operator().symbol() + " "
            + format(criterion.threshold().getAsDouble()) + " " + criterion.measure().unit());
      }
    }
    boolean passed = reasons.isEmpty();
    return new SlaCheck(point, passed, observations,
        passed ? Optional.empty() : Optional.of(String.join("; ", reasons)));
  }

  /**
   * Returns the goal measure of {@code check} when the check passed, or empty when the point is
   * not admissible.
   */
  static OptionalDouble goalValue(SlaCheck check, SlaCriterion goal) {
    if (!check.passed()) {
      return OptionalDouble.empty();
    }
    return check.observations().stream()
        .filter(o -> o.criterion().equals(goal))
        .findFirst()
        .map(SlaObservation::actual)
        .orElse(OptionalDouble.empty());
  }

  /** Returns {@code value} with four significant digits, as plain decimal text. */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String percent(double fraction) {
    return format(fraction * 100) + "%";
  }
}
