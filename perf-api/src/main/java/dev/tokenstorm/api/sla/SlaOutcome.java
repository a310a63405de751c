package dev.tokenstorm.api.sla;

/** The way the search for one group of criteria ended. */
public enum SlaOutcome {
  /** A largest passing value was found below the upper bound; the next value above it failed. */
  SATISFIED,
  /** Every value up to the upper bound passed, so the best value is the upper bound itself. */
  UPPER_BOUND_REACHED,
  /** Not even the lower bound passed; there is no best value. */
  FAILED_AT_LOWER_BOUND,
  /** An optimisation goal ({@code max} or {@code min}) found its best value. */
  OPTIMISED,
  /** The tuning was cancelled before the search ended; the best value so far, if any, is kept. */
  CANCELLED
}
