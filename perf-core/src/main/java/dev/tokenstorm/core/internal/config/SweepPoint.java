package dev.tokenstorm.core.internal.config;

/**
 * One run of a sweep.
 *
 * @param parallel the in-flight cap; {@link #UNCAPPED} for an open loop without a cap
 * @param number measured requests
 * @param rate target arrivals per second; {@link #UNPACED} when unpaced
 */
public record SweepPoint(int parallel, int number, double rate) {

  /** The {@code parallel} value of an open loop without an in-flight cap. */
  public static final int UNCAPPED = -1;

  /** The {@code rate} value of an unpaced run. */
  public static final double UNPACED = -1;

  /** Returns whether requests follow a rate schedule. */
  public boolean paced() {
    return rate > 0;
  }

  /** Returns whether the in-flight count is capped. */
  public boolean capped() {
    return parallel > 0;
  }

  /** Returns the run's folder name, as evalscope names it. */
  public String runName(boolean openLoop) {
    if (openLoop) {
      return "rate_" + formatRate(rate) + "_number_" + number;
    }
    return "parallel_" + parallel + "_number_" + number;
  }

  private static String formatRate(double rate) {
    // evalscope prints Python floats, such as 5.0 or 2.5.
    return rate == Math.rint(rate) ? String.format(java.util.Locale.ROOT, "%.1f", rate)
        : Double.toString(rate);
  }
}
