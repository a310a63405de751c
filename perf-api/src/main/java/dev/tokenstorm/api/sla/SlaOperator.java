package dev.tokenstorm.api.sla;

/**
 * How a criterion judges a measured value: a comparison with a threshold, or an optimisation
 * goal.
 */
public enum SlaOperator {
  /** The value must be at most the threshold. */
  AT_MOST("<="),
  /** The value must be strictly below the threshold. */
  BELOW("<"),
  /** The value must be at least the threshold. */
  AT_LEAST(">="),
  /** The value must be strictly above the threshold. */
  ABOVE(">"),
  /** The search looks for the setting with the largest value; there is no threshold. */
  MAXIMISE("max"),
  /** The search looks for the setting with the smallest value; there is no threshold. */
  MINIMISE("min");

  private final String symbol;

  SlaOperator(String symbol) {
    this.symbol = symbol;
  }

  /** Returns the symbol of evalscope's criteria syntax: {@code <=}, {@code <}, ..., {@code min}. */
  public String symbol() {
    return symbol;
  }

  /** Returns whether this is {@link #MAXIMISE} or {@link #MINIMISE}. */
  public boolean isOptimisation() {
    return this == MAXIMISE || this == MINIMISE;
  }

  /**
   * Returns whether {@code actual} meets a comparison with {@code threshold}; optimisation goals
   * always return true, because they have no threshold to miss.
   */
  public boolean accepts(double actual, double threshold) {
    return switch (this) {
      case AT_MOST -> actual <= threshold;
      case BELOW -> actual < threshold;
      case AT_LEAST -> actual >= threshold;
      case ABOVE -> actual > threshold;
      case MAXIMISE, MINIMISE -> true;
    };
  }
}
