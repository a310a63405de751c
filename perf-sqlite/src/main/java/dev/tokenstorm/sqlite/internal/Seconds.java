package dev.tokenstorm.sqlite.internal;

/**
 * Writes nanosecond durations as decimal seconds for the JSON text of {@code
 * inter_token_latencies}: 17660123 ns becomes {@code 0.017660123}. Integer arithmetic keeps every
 * digit exact and is much faster than formatting doubles.
 */
public final class Seconds {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Seconds() {}

  /** Returns a JSON array of the values in {@code nanos} written as seconds. */
  public static String jsonArray(long[] nanos) {
    if (nanos.length == 0) {
      return "[]";
    }
    StringBuilder json = new StringBuilder(nanos.length * 12 + 2).append('[');
    for (int i = 0; i < nanos.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      appendSeconds(json, nanos[i]);
    }
    return json.append(']').toString();
  }

  /** Appends {@code nanos} as seconds with up to nine decimals and no trailing zeros. */
  static void appendSeconds(StringBuilder out, long nanos) {
    if (nanos < 0) {
      out.append('-');
      if (nanos == Long.MIN_VALUE) {
        out.append("9223372036.854775808");
        return;
      }
      appendSeconds(out, -nanos);
      return;
    }
    out.append(nanos / NANOS_PER_SECOND);
    long fraction = nanos % NANOS_PER_SECOND;
    if (fraction == 0) {
      return;
    }
    int digits = 9;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    out.append('.');
    String text = Long.toString(fraction);
    for (int pad = digits - text.length(); pad > 0; pad--) {
      out.append('0');
    }
    out.append(text);
  }
}
