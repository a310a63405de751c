package dev.tokenstorm.sqlite.internal;

/**
 * Writes nanosecond durations as decimal seconds with microsecond precision for the JSON text of
 * {@code inter_token_latencies}: 17660123 ns becomes {@code 0.01766}. The exact nanoseconds are
 * kept in {@code token_event_ns}; microseconds are plenty for a column read in milliseconds.
 *
 * <p>The digits are written straight into a byte array with integer arithmetic: a row can hold
 * hundreds of gaps, and this is several times faster than {@code StringBuilder} with {@code
 * Long.toString} or than formatting doubles.
 */
public final class Seconds {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final int FRACTION_DIGITS = 6;

  /** Sign, 7 digits of whole seconds (Long.MAX_VALUE ns), point, 6 fraction digits, comma. */
  private static final int MAX_CHARS_PER_VALUE = 16;

  private Seconds() {}

  /** Returns a JSON array of the values in {@code nanos} written as seconds. */
  public static String jsonArray(long[] nanos) {
    if (nanos.length == 0) {
      return "[]";
    }
    byte[] out = new byte[nanos.length * MAX_CHARS_PER_VALUE + 2];
    int position = 0;
    out[position++] = '[';
    for (int i = 0; i < nanos.length; i++) {
      if (i > 0) {
        out[position++] = ',';
      }
      position = writeSeconds(out, position, nanos[i]);
    }
    out[position++] = ']';
    return new String(out, 0, position, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code nanos}, rounded to the nearest microsecond, as seconds without trailing zeros. */
  private static int writeSeconds(byte[] out, int start, long nanos) {
    int position = start;
    long micros = Math.floorDiv(nanos, 1000) + (Math.floorMod(nanos, 1000) >= 500 ? 1 : 0);
    if (micros < 0) {
      out[position++] = '-';
      micros = -micros;
    }
    position = writeDigits(out, position, micros / MICROS_PER_SECOND);
    long fraction = micros % MICROS_PER_SECOND;
    if (fraction == 0) {
      return position;
    }
    int digits = FRACTION_DIGITS;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    out[position++] = '.';
    for (int i = digits - 1; i >= 0; i--) {
      out[position + i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    return position + digits;
  }

  private static int writeDigits(byte[] out, int position, long value) {
    if (value < 10) {
      out[position] = (byte) ('0' + value);
      return position + 1;
    }
    int length = 0;
    for (long rest = value; rest > 0; rest /= 10) {
      length++;
    }
    long rest = value;
    for (int i = length - 1; i >= 0; i--) {
      out[position + i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return position + length;
  }
}
