package dev.tokenstorm.sqlite.internal;

import java.util.Arrays;

/**
 * Encodes the arrival times of token events into the two columns that store them, and back,
 * exactly.
 *
 * <p>{@code inter_token_latencies} is evalscope's JSON array of the gaps between events in
 * seconds, each rounded to the nearest microsecond (half up). {@code token_event_ns} is a BLOB of
 * zigzag LEB128 varints with what that array leaves out: the first event minus {@code sent_ns},
 * then for each gap the nanoseconds lost by the rounding, from -500 to 499, which take one or two
 * bytes. No events is {@code []} and an empty BLOB.
 *
 * <p>Schema version 1 stored the whole timeline in {@code token_event_ns}: the first event minus
 * {@code sent_ns}, then each event minus the one before it. {@link #decodeVersion1} reads it.
 */
public final class TokenTimes {

  private static final long NANOS_PER_MICRO = 1000;
  private static final int HALF_MICRO = 500;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int MAX_VARINT_BYTES = 10;
  private static final byte[] EMPTY_ARRAY = {'[', ']'};

  /**
   * The encoded columns of one record.
   *
   * @param interTokenLatencies the JSON text of {@code inter_token_latencies}, ASCII
   * @param tokenEventNanos the {@code token_event_ns} BLOB
   */
  public record Columns(byte[] interTokenLatencies, byte[] tokenEventNanos) {}

  private TokenTimes() {}

  /** Encodes {@code eventNanos}, which arrived after a request sent at {@code sentNanos}. */
  public static Columns encode(long sentNanos, long[] eventNanos) {
    int count = eventNanos.length;
    if (count == 0) {
      return new Columns(EMPTY_ARRAY, new byte[0]);
    }
    Scratch scratch = SCRATCH.get().ensure(count);
    byte[] json = scratch.json;
    byte[] blob = scratch.blob;
    int jsonEnd = 0;
    json[jsonEnd++] = '[';
    int blobEnd = writeVarint(blob, 0, zigzag(eventNanos[0] - sentNanos));
    for (int i = 1; i < count; i++) {
      if (i > 1) {
        json[jsonEnd++] = ',';
      }
      long gap = eventNanos[i] - eventNanos[i - 1];
      if (gap >= 0 && gap < NANOS_PER_SECOND) {
        // The usual gap, below a second: int arithmetic, and a remainder of one or two bytes.
        int micros = ((int) gap + HALF_MICRO) / (int) NANOS_PER_MICRO;
        jsonEnd = Seconds.writeMicros(json, jsonEnd, micros);
        int remainder = (int) gap - micros * (int) NANOS_PER_MICRO;
        int zigzag = (remainder << 1) ^ (remainder >> 31);
        if (zigzag < 0x80) {
          blob[blobEnd++] = (byte) zigzag;
        } else {
          blob[blobEnd++] = (byte) (zigzag | 0x80);
          blob[blobEnd++] = (byte) (zigzag >>> 7);
        }
      } else {
        long micros = roundToMicros(gap);
        jsonEnd = Seconds.writeMicros(json, jsonEnd, micros);
        blobEnd = writeVarint(blob, blobEnd, zigzag(gap - micros * NANOS_PER_MICRO));
      }
    }
    json[jsonEnd++] = ']';
    return new Columns(Arrays.copyOf(json, jsonEnd), Arrays.copyOf(blob, blobEnd));
  }

  /** Returns {@code nanos} rounded to the nearest microsecond, halves up. */
  static long roundToMicros(long nanos) {
    return Math.floorDiv(nanos, NANOS_PER_MICRO)
        + (Math.floorMod(nanos, NANOS_PER_MICRO) >= NANOS_PER_MICRO / 2 ? 1 : 0);
  }

  /**
   * Decodes the columns written by {@link #encode}.
   *
   * @param count the number of events stored in {@code token_events}
   * @throws IllegalArgumentException if the columns do not contain {@code count} events
   */
  public static long[] decode(long sentNanos, String interTokenLatencies, byte[] blob,
      int count) {
    long[] events = new long[count];
    if (count == 0) {
      Seconds.parseMicrosArray(interTokenLatencies, 0);
      checkEnd(blob, 0, 0);
      return events;
    }
    long[] gapMicros = Seconds.parseMicrosArray(interTokenLatencies, count - 1);
    Reader reader = new Reader(blob, count);
    events[0] = sentNanos + reader.next(0);
    for (int i = 1; i < count; i++) {
      events[i] = events[i - 1] + gapMicros[i - 1] * NANOS_PER_MICRO + reader.next(i);
    }
    checkEnd(blob, reader.position, count);
    return events;
  }

  /**
   * Decodes {@code token_event_ns} of schema version 1, which contains every event as the
   * difference to the one before it.
   *
   * @throws IllegalArgumentException if the BLOB does not contain {@code count} events
   */
  public static long[] decodeVersion1(long sentNanos, byte[] blob, int count) {
    long[] events = new long[count];
    Reader reader = new Reader(blob, count);
    long previous = sentNanos;
    for (int i = 0; i < count; i++) {
      previous += reader.next(i);
      events[i] = previous;
    }
    checkEnd(blob, reader.position, count);
    return events;
  }

  private static void checkEnd(byte[] blob, int position, int count) {
    if (position != blob.length) {
      throw new IllegalArgumentException("token_event_ns holds more than the " + count
          + " events recorded in token_events");
    }
  }

  private static int writeVarint(byte[] buffer, int position, long value) {
    int next = position;
    long remaining = value;
    while ((remaining & ~0x7FL) != 0) {
      buffer[next++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    buffer[next++] = (byte) remaining;
    return next;
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  // Encoding buffers of the calling thread, reused so that a record allocates only the two arrays
  // it returns. They grow to the largest record the thread encoded.
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {

    private byte[] json = new byte[0];
    private byte[] blob = new byte[0];

    Scratch ensure(int count) {
      int jsonSize = 2 + (count - 1) * (Seconds.MAX_CHARS + 1);
      if (json.length < jsonSize) {
        json = new byte[jsonSize];
        blob = new byte[count * MAX_VARINT_BYTES];
      }
      return this;
    }
  }

  /** Reads zigzag varints one after the other. */
  private static final class Reader {

    private final byte[] blob;
    private final int count;
    private int position;

    Reader(byte[] blob, int count) {
      this.blob = blob;
      this.count = count;
    }

    long next(int index) {
      long raw = 0;
      int shift = 0;
      byte current;
      do {
        if (position >= blob.length || shift > 63) {
          throw new IllegalArgumentException("token_event_ns ends after " + index + " of "
              + count + " events");
        }
        current = blob[position++];
        raw |= (long) (current & 0x7F) << shift;
        shift += 7;
      } while ((current & 0x80) != 0);
      return unzigzag(raw);
    }
  }
}
