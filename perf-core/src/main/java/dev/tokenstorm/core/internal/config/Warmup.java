package dev.tokenstorm.core.internal.config;

/**
 * How many requests run before the measured phase.
 *
 * @param count a fixed count, used when {@code ratio} is 0
 * @param ratio a share of each run's {@code number} in (0, 1), or 0
 */
public record Warmup(int count, double ratio) {

  /** No warmup. */
  public static final Warmup NONE = new Warmup(0, 0);

  /** Returns the warmup count for a run of {@code number} measured requests. */
  public int countFor(int number) {
    if (ratio > 0) {
      return Math.max(1, (int) (ratio * number));
    }
    return count;
  }
}
