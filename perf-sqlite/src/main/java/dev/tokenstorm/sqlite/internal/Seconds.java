package dev.tokenstorm.sqlite.internal;

/**
 * Writes and parses the decimal seconds of {@code inter_token_latencies}: a whole number of
 * microseconds written as seconds without trailing zeros, so 17660 µs becomes {@code 0.01766} and
 * 1500000 µs becomes {@code 1.5}.
 *
 * <p>The digits are written straight into a byte array with integer arithmetic and a table of
 * digit pairs: a row can hold hundreds of gaps, and this is several times faster than {@code
 * Double.toString} or a JSON library.
 */
final class Seconds {

  static final long MICROS_PER_SECOND = 1_000_000L;

  /** Sign, 13 digits of whole seconds (Long.MIN_VALUE µs), point and 6 fraction digits. */
  static final int MAX_CHARS = 21;

  private static final int FRACTION_DIGITS = 6;

  /** "00", "01", ..., "99": two ASCII digits per value below 100. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private Seconds() {}

  /**
   * Writes {@code micros} as decimal seconds at {@code position}; returns the position after the
   * last character. {@code out} needs {@link #MAX_CHARS} free bytes.
   */
  static int writeMicros(byte[] out, int position, long micros) {
    if (micros >= 0 && micros < MICROS_PER_SECOND) {
      // Gaps between tokens are almost always below a second: int arithmetic only.
      if (micros == 0) {
        out[position] = '0';
        return position + 1;
      }
      out[position] = '0';
      return writeFraction(out, position + 1, (int) micros);
    }
    int next = position;
    if (micros < 0) {
      out[next++] = '-';
    }
    // Math.abs would overflow for Long.MIN_VALUE, so split the negative value instead.
    long whole = Math.abs(micros / MICROS_PER_SECOND);
    int fraction = (int) Math.abs(micros % MICROS_PER_SECOND);
    next = writeDigits(out, next, whole);
    return fraction == 0 ? next : writeFraction(out, next, fraction);
  }

  /** Writes {@code .} and 1 to 6 digits of {@code fraction} (1 to 999999) without trailing zeros. */
  private static int writeFraction(byte[] out, int position, int fraction) {
    out[position] = '.';
    int high = fraction / 10_000;
    int rest = fraction - high * 10_000;
    int middle = rest / 100;
    int low = rest - middle * 100;
    out[position + 1] = DIGIT_PAIRS[2 * high];
    out[position + 2] = DIGIT_PAIRS[2 * high + 1];
    out[position + 3] = DIGIT_PAIRS[2 * middle];
    out[position + 4] = DIGIT_PAIRS[2 * middle + 1];
    out[position + 5] = DIGIT_PAIRS[2 * low];
    out[position + 6] = DIGIT_PAIRS[2 * low + 1];
    int digits = FRACTION_DIGITS;
    while (out[position + digits] == '0') {
      digits--;
    }
    return position + 1 + digits;
  }

  private static int writeDigits(byte[] out, int position, long value) {
    int length = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      length++;
    }
    long rest = value;
    for (int i = length - 1; i >= 0; i--) {
      out[position + i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return position + length;
  }

  /**
   * Parses a JSON array written with {@link #writeMicros} back to microseconds.
   *
   * @param count the number of values the array must hold
   * @throws IllegalArgumentException if {@code json} is not such an array of {@code count} values
   */
  static long[] parseMicrosArray(String json, int count) {
    long[] values = new long[count];
    int length = json.length();
    if (length < 2 || json.charAt(0) != '[' || json.charAt(length - 1) != ']') {
      throw invalid(json, "it is not a JSON array");
    }
    int position = 1;
    int end = length - 1;
    int index = 0;
    while (position < end) {
      if (index == count) {
        throw invalid(json, "it contains more than " + count + " values");
      }
      int stop = json.indexOf(',', position);
      if (stop < 0) {
        stop = end;
      }
      values[index++] = parseMicros(json, position, stop);
      position = stop + 1;
      if (stop < end && position == end) {
        throw invalid(json, "it ends with a comma");
      }
    }
    if (index != count) {
      throw invalid(json, "it contains " + index + " values instead of " + count);
    }
    return values;
  }

  private static long parseMicros(String json, int start, int stop) {
    int position = start;
    boolean negative = position < stop && json.charAt(position) == '-';
    if (negative) {
      position++;
    }

    long whole = 0;
    int wholeDigits = 0;
    while (position < stop && json.charAt(position) != '.') {
      whole = whole * 10 + digit(json, position++);
      wholeDigits++;
    }
    if (wholeDigits == 0 || wholeDigits > 13) {
      throw invalid(json, "'" + json.substring(start, stop) + "' is not a number of seconds");
    }

    long fraction = 0;
    int fractionDigits = 0;
    if (position < stop) {
      position++;
      for (; position < stop; position++, fractionDigits++) {
        fraction = fraction * 10 + digit(json, position);
      }
      if (fractionDigits == 0 || fractionDigits > FRACTION_DIGITS) {
        throw invalid(json, "'" + json.substring(start, stop) + "' is not a whole number of"
            + " microseconds");
      }
    }
    for (int i = fractionDigits; i < FRACTION_DIGITS; i++) {
      fraction *= 10;
    }
    long micros = whole * MICROS_PER_SECOND + fraction;
    return negative ? -micros : micros;
  }

  private static int digit(String json, int position) {
    char c = json.charAt(position);
    if (c < '0' || c > '9') {
      throw invalid(json, "it contains '" + c + "' at position " + position);
    }
    return c - '0';
  }

  private static IllegalArgumentException invalid(String json, String reason) {
    String excerpt = json.length() > 80 ? json.substring(0, 80) + "..." : json;
    return new IllegalArgumentException("inter_token_latencies " + excerpt
        + " cannot be read back: " + reason);
  }
}
