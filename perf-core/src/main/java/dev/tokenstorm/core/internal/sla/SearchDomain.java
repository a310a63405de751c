package dev.tokenstorm.core.internal.sla;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.OptionalDouble;

/**
 * The values a search may try: whole numbers for concurrency, or real numbers for a rate, between
 * two bounds.
 *
 * @param integer whether only whole numbers are tried
 * @param lower the smallest value tried
 * @param upper the largest value tried
 * @param tolerance for real numbers, the relative gap below which two values count as adjacent
 */
record SearchDomain(boolean integer, double lower, double upper, double tolerance) {

  /** Significant digits kept of real values, so that folder names and keys stay short. */
  private static final MathContext DIGITS = new MathContext(6);

  /** Returns the domain of whole numbers from {@code lower} to {@code upper}. */
  static SearchDomain integers(double lower, double upper) {
    return new SearchDomain(true, lower, upper, 0);
  }

  /** Returns the domain of real numbers from {@code lower} to {@code upper}. */
  static SearchDomain reals(double lower, double upper, double tolerance) {
    return new SearchDomain(false, lower, upper, tolerance);
  }

  /** Returns {@code requested} clamped to the bounds, rounded down to a whole number if needed. */
  double start(double requested) {
    double clamped = Math.max(lower, Math.min(upper, requested));
    return integer ? Math.floor(clamped) : normalise(clamped);
  }

  /** Returns twice {@code value}, at most the upper bound. */
  double up(double value) {
    return Math.min(normalise(value * 2), upper);
  }

  /** Returns half of {@code value} (rounded down for whole numbers), at least the lower bound. */
  double down(double value) {
    double half = integer ? Math.floor(value / 2) : normalise(value / 2);
    return Math.max(half, lower);
  }

  /**
   * Returns a value strictly between {@code low} and {@code high}, or empty when they are adjacent:
   * consecutive whole numbers, or real numbers whose gap is within the tolerance relative to
   * {@code low}.
   */
  OptionalDouble between(double low, double high) {
    if (integer) {
      return high - low <= 1 ? OptionalDouble.empty()
          : OptionalDouble.of(Math.floor((low + high) / 2));
    }
    if (high - low <= tolerance * low) {
      return OptionalDouble.empty();
    }
    double mid = normalise((low + high) / 2);
    return mid <= low || mid >= high ? OptionalDouble.empty() : OptionalDouble.of(mid);
  }

  /** Returns {@code value} rounded to six significant digits for real domains. */
  double normalise(double value) {
    if (integer || value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(DIGITS).doubleValue();
  }
}
