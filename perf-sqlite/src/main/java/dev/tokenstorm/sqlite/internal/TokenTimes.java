package dev.tokenstorm.sqlite.internal;

import java.util.Arrays;

/**
 * Encodes the arrival times of token events into the {@code token_event_ns} BLOB and back, exactly.
 *
 * <p>The BLOB is a sequence of zigzag LEB128 varints: the first event minus {@code sent_ns}, then
 * each event minus the one before it. Gaps of a few milliseconds take 3 to 4 bytes each instead of
 * the 8 of a raw long. No events is an empty BLOB.
 */
public final class TokenTimes {

  private TokenTimes() {}

  /** Encodes {@code eventNanos} relative to {@code sentNanos}. */
  public static byte[] encode(long sentNanos, long[] eventNanos) {
    if (eventNanos.length == 0) {
      return new byte[0];
    }
    byte[] buffer = new byte[eventNanos.length * 10];
    int position = 0;
    long previous = sentNanos;
    for (long event : eventNanos) {
      position = writeVarint(buffer, position, zigzag(event - previous));
      previous = event;
    }
    return Arrays.copyOf(buffer, position);
  }

  /**
   * Decodes a BLOB written by {@link #encode}.
   *
   * @param count the number of events stored next to the BLOB, used to size the result
   * @throws IllegalArgumentException if the BLOB is truncated or holds a different count
   */
  public static long[] decode(long sentNanos, byte[] blob, int count) {
    long[] events = new long[count];
    int position = 0;
    long previous = sentNanos;
    for (int i = 0; i < count; i++) {
      long raw = 0;
      int shift = 0;
      byte current;
      do {
        if (position >= blob.length || shift > 63) {
          throw new IllegalArgumentException("token_event_ns ends after " + i + " of " + count
              + " events");
        }
        current = blob[position++];
        raw |= (long) (current & 0x7F) << shift;
        shift += 7;
      } while ((current & 0x80) != 0);
      previous += unzigzag(raw);
      events[i] = previous;
    }
    if (position != blob.length) {
      throw new IllegalArgumentException("token_event_ns holds more than the " + count
          + " events recorded in token_events");
    }
    return events;
  }

  private static int writeVarint(byte[] buffer, int position, long value) {
    long remaining = value;
    while ((remaining & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    buffer[position++] = (byte) remaining;
    return position;
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
