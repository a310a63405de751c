package dev.tokenstorm.testkit.assertions;

import dev.tokenstorm.api.result.Metric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Names and number formats used in failure messages. */
final class Formats {

  /** Maximum decimals shown when fewer would print a value like its limit. */
  private static final int MAX_DECIMALS = 6;

  private Formats() {}

  /** Returns the metric's name in a sentence, such as {@code TTFT} or {@code latency}. */
  static String name(Metric metric) {
    return switch (metric) {
      case LATENCY -> "latency";
      case TTFT -> "TTFT";
      case TTFC -> "TTFC";
      case ITL -> "ITL";
      case TPOT -> "TPOT";
      case INPUT_TOKENS -> "input tokens";
      case OUTPUT_TOKENS -> "output tokens";
      case OUTPUT_THROUGHPUT -> "per-request output throughput";
      case TOTAL_THROUGHPUT -> "per-request total throughput";
      case DECODE_THROUGHPUT -> "decode throughput";
      case INPUT_THROUGHPUT -> "per-request input throughput";
      case QUEUE_TIME -> "queue time";
      case LATENCY_FROM_SCHEDULE -> "latency from schedule";
    };
  }

  /** Returns a percentile's name: {@code minimum}, {@code p50}, {@code p99.9}, {@code maximum}. */
  static String percentile(double rank) {
    if (rank == 0) {
      return "minimum";
    }
    if (rank == 100) {
      return "maximum";
    }
    return "p" + BigDecimal.valueOf(rank).stripTrailingZeros().toPlainString();
  }

  /** Returns whether the metric measures time, in milliseconds or seconds. */
  static boolean isTime(Metric metric) {
    return metric.unit().equals("ms") || metric.unit().equals("s");
  }

  /** Converts {@code duration} into the metric's time unit. */
  static double inUnit(Duration duration, Metric metric) {
    double millis = duration.toNanos() / 1e6;
    return metric.unit().equals("s") ? millis / 1000 : millis;
  }

  /** Returns the decimals shown for a value of {@code unit}. */
  static int decimals(String unit) {
    return unit.equals("s") ? 3 : 1;
  }

  /**
   * Formats {@code value} and {@code limit} with {@code decimals} places, or more when they would
   * otherwise print the same although they differ. Returns {value, limit}.
   */
  static String[] pair(double value, double limit, int decimals) {
    int places = decimals;
    String shownValue = number(value, places);
    String shownLimit = number(limit, places);
    while (shownValue.equals(shownLimit) && value != limit && places < MAX_DECIMALS) {
      places++;
      shownValue = number(value, places);
      shownLimit = number(limit, places);
    }
    return new String[] {shownValue, shownLimit};
  }

  /** Formats {@code value} rounded half up to {@code decimals} places, without trailing zeros. */
  static String number(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP)
        .stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }
}
