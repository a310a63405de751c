package dev.tokenstorm.core.internal.sse;

import dev.tokenstorm.api.plugin.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Streaming parser for the WHATWG HTML event-stream format ({@code text/event-stream}), fed with
 * raw bytes as they arrive from the network.
 *
 * <p>Bytes may be split anywhere between {@link #feed} calls: inside a line, between the CR and LF
 * of a CRLF pair, or inside a multi-byte UTF-8 character. Each event is passed to the
 * {@link Listener} with the arrival time of the {@code feed} call that completed it, which is the
 * time its last byte arrived.
 *
 * <p>Parsing rules, as the WHATWG "event stream interpretation" defines them:
 *
 * <ul>
 *   <li>lines end with {@code \n}, {@code \r\n} or a bare {@code \r};
 *   <li>one UTF-8 byte order mark at the very start of the stream is skipped;
 *   <li>lines starting with {@code :} are comments (counted by {@link #comments()});
 *   <li>{@code field:value} lines, where one space after the colon is removed, and a line without
 *       a colon is a field with an empty value;
 *   <li>{@code data} lines are joined with {@code \n}. {@code event} sets the type of the next
 *       event, {@code message} when absent or empty. {@code id} sets the last event id, which
 *       persists across events, unless its value contains NUL. {@code retry} with only ASCII
 *       digits sets {@link #retryMillis()}. Other fields are ignored;
 *   <li>an empty line dispatches the event, unless no {@code data} line was seen since the last
 *       one: such blocks (for example only {@code event:} or {@code id:}) are not dispatched. A
 *       single {@code data:} line with an empty value dispatches an event with empty data.
 * </ul>
 *
 * <p>Deviations from WHATWG, both deliberate:
 *
 * <ul>
 *   <li>Invalid UTF-8 is not replaced with U+FFFD: it throws {@link SseProtocolException} naming
 *       the byte offset, so a corrupt stream fails its request instead of producing silently
 *       altered text.
 *   <li>At {@link #finish}, an event that lacks its final blank line is still dispatched when it
 *       has data. WHATWG discards it, which would silently lose a complete JSON payload from a
 *       server that closes the connection right after {@code data: {...}}. Whether the stream
 *       ended cleanly is reported by {@link #ending()}, so the caller can treat a truncated
 *       final event as a connection failure.
 * </ul>
 *
 * <p>Threading: not thread-safe. One parser serves one stream, fed by one thread at a time.
 *
 * <p>Cost: the hot loop scans bytes in place, without allocating. Each dispatched event allocates
 * its data string and the {@link SseEvent}. An {@code event:} type equal to the previous one
 * reuses the previous string.
 */
public final class SseParser {

  /** Receives dispatched events. */
  public interface Listener {

    /**
     * Handles one event.
     *
     * @param arrivalNanos the arrival time passed to the {@link #feed} or {@link #finish} call that
     *     completed the event
     */
    void onEvent(SseEvent event, long arrivalNanos);
  }

  /** The way the stream ended, as seen by {@link #finish}. */
  public enum Ending {
    /** {@link #finish} has not been called yet. */
    OPEN,
    /** The stream ended on an event boundary, or after comments only. */
    CLEAN,
    /**
     * The stream ended without the blank line after its last event. That event had data, so
     * {@link #finish} dispatched it.
     */
    TRAILING_EVENT_DISPATCHED,
    /**
     * The stream ended in the middle of an event that had no data, for example after a lone
     * {@code event:} line or a cut line such as {@code dat}. Nothing was dispatched for it.
     */
    INCOMPLETE_EVENT_DISCARDED
  }

  /** Default limit for one line and for one event's data, in bytes: 16 MiB. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte COLON = ':';
  private static final byte SPACE = ' ';
  private static final String DEFAULT_EVENT_TYPE = "message";
  private static final int SCRATCH_BYTES = 8192;
  private static final int INITIAL_BUFFER_BYTES = 256;

  private final Listener listener;
  private final int maxEventBytes;

  /** Bytes of the current, unterminated line. */
  private byte[] line = new byte[INITIAL_BUFFER_BYTES];

  private int lineLength;

  /** Data of the current event: each data line's value followed by LF. */
  private byte[] data = new byte[INITIAL_BUFFER_BYTES];

  private int dataLength;
  private @Nullable String eventType;
  private @Nullable String lastEventId;
  private byte @Nullable [] previousTypeBytes;
  private @Nullable String previousType;
  private long retryMillis = -1;

  /** Whether a field line (not a comment) was seen since the last blank line. */
  private boolean fieldsPending;

  /** Whether the previous byte was a CR, so that an LF at the start of the next feed is skipped. */
  private boolean pendingCr;

  private boolean firstLine = true;
  private long offset;
  private long comments;
  private long events;
  private Ending ending = Ending.OPEN;

  // UTF-8 validation state: continuation bytes still expected, and the allowed range of the next.
  private int utf8Remaining;
  private int utf8Lower = 0x80;
  private int utf8Upper = 0xBF;
  private long utf8SequenceStart;

  private byte @Nullable [] scratch;

  /** Creates a parser with the {@link #DEFAULT_MAX_EVENT_BYTES default} size limit. */
  public SseParser(Listener listener) {
    this(listener, DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * Creates a parser.
   *
   * @param maxEventBytes maximum size of a line, and of the joined data of one event, in bytes.
   *     A larger one throws {@link SseProtocolException}.
   */
  public SseParser(Listener listener, int maxEventBytes) {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be positive but was " + maxEventBytes);
    }
    this.listener = listener;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Parses the remaining bytes of {@code bytes} and dispatches every event they complete. The
   * buffer's position is advanced to its limit.
   *
   * @param arrivalNanos the time these bytes arrived, passed on to the events they complete
   * @throws SseProtocolException if the bytes are not valid UTF-8 or an event is too large
   * @throws IllegalStateException if {@link #finish} was already called
   */
  public void feed(ByteBuffer bytes, long arrivalNanos) {
    requireOpen();
    if (bytes.hasArray()) {
      int start = bytes.arrayOffset() + bytes.position();
      int length = bytes.remaining();
      bytes.position(bytes.limit());
      parse(bytes.array(), start, length, arrivalNanos);
      return;
    }
    byte[] buffer = scratch;
    if (buffer == null) {
      buffer = new byte[SCRATCH_BYTES];
      scratch = buffer;
    }
    while (bytes.hasRemaining()) {
      int length = Math.min(bytes.remaining(), buffer.length);
      bytes.get(buffer, 0, length);
      parse(buffer, 0, length, arrivalNanos);
    }
  }

  /** Parses {@code length} bytes of {@code bytes} from {@code start}; see {@link #feed}. */
  public void feed(byte[] bytes, int start, int length, long arrivalNanos) {
    requireOpen();
    Objects.checkFromIndexSize(start, length, bytes.length);
    parse(bytes, start, length, arrivalNanos);
  }

  /**
   * Ends the stream. A last line without a line end is parsed as if it had one. If the current
   * event then has data, it is dispatched with {@code arrivalNanos} even though the blank line
   * that should end it never came (see the class documentation). Otherwise it is discarded.
   * {@link #ending()} reports which case happened. Calling {@code finish} again does nothing.
   *
   * @param arrivalNanos the time stamped on a trailing event, normally the arrival of the last byte
   * @throws SseProtocolException if the stream ends inside a UTF-8 sequence
   */
  public void finish(long arrivalNanos) {
    if (ending != Ending.OPEN) {
      return;
    }
    ending = Ending.CLEAN;
    if (utf8Remaining != 0) {
      throw new SseProtocolException(
          "invalid UTF-8 at byte offset "
              + utf8SequenceStart
              + " of the event stream: the stream ended inside a multi-byte character",
          utf8SequenceStart);
    }
    if (lineLength > 0) {
      processLine(arrivalNanos);
    }
    if (!fieldsPending) {
      return;
    }
    if (dataLength > 0) {
      ending = Ending.TRAILING_EVENT_DISPATCHED;
      dispatch(arrivalNanos);
    } else {
      ending = Ending.INCOMPLETE_EVENT_DISCARDED;
      resetEvent();
    }
  }

  /** Returns how the stream ended, or {@link Ending#OPEN} before {@link #finish}. */
  public Ending ending() {
    return ending;
  }

  /** Returns the number of comment lines seen, such as {@code : ping} keep-alives. */
  public long comments() {
    return comments;
  }

  /** Returns the number of events dispatched. */
  public long events() {
    return events;
  }

  /** Returns the number of bytes parsed so far. */
  public long bytesParsed() {
    return offset;
  }

  /** Returns the last {@code retry} value sent by the server, in milliseconds. */
  public OptionalLong retryMillis() {
    return retryMillis < 0 ? OptionalLong.empty() : OptionalLong.of(retryMillis);
  }

  /** Returns the last event id sent by the server, or null when none was sent. */
  public @Nullable String lastEventId() {
    return lastEventId;
  }

  private void requireOpen() {
    if (ending != Ending.OPEN) {
      throw new IllegalStateException("feed() called after finish()");
    }
  }

  /*
   * The scan loop: ASCII bytes other than CR and LF take one comparison each. Non-ASCII bytes go
   * through the UTF-8 validator. Line content is copied into the line buffer in runs, once per line
   * end or per call.
   */
  private void parse(byte[] bytes, int start, int length, long arrivalNanos) {
    int end = start + length;
    long base = offset - start;
    int i = start;
    if (pendingCr && i < end) {
      pendingCr = false;
      if (bytes[i] == LF) {
        i++;
      }
    }
    int lineStart = i;
    while (i < end) {
      byte b = bytes[i];
      if (b < 0) {
        validateNonAscii(b & 0xFF, base + i);
      } else {
        if (utf8Remaining != 0) {
          throw truncatedSequence(b, base + i);
        }
        if (b == LF || b == CR) {
          appendToLine(bytes, lineStart, i - lineStart, base + i);
          offset = base + i + 1;
          processLine(arrivalNanos);
          if (b == CR) {
            if (i + 1 < end) {
              if (bytes[i + 1] == LF) {
                i++;
              }
            } else {
              pendingCr = true;
            }
          }
          lineStart = i + 1;
        }
      }
      i++;
    }
    appendToLine(bytes, lineStart, end - lineStart, base + end);
    offset = base + end;
  }

  private void validateNonAscii(int value, long position) {
    if (utf8Remaining == 0) {
      startSequence(value, position);
      return;
    }
    if (value < utf8Lower || value > utf8Upper) {
      throw invalidUtf8(
          position, String.format("byte 0x%02X is not a valid continuation byte", value));
    }
    utf8Remaining--;
    utf8Lower = 0x80;
    utf8Upper = 0xBF;
  }

  /* Ranges from the Unicode well-formed UTF-8 table: no overlong forms, surrogates or values above U+10FFFF. */
  private void startSequence(int value, long position) {
    utf8SequenceStart = position;
    utf8Lower = 0x80;
    utf8Upper = 0xBF;
    if (value >= 0xC2 && value <= 0xDF) {
      utf8Remaining = 1;
    } else if (value == 0xE0) {
      utf8Remaining = 2;
      utf8Lower = 0xA0;
    } else if (value == 0xED) {
      utf8Remaining = 2;
      utf8Upper = 0x9F;
    } else if (value >= 0xE1 && value <= 0xEF) {
      utf8Remaining = 2;
    } else if (value == 0xF0) {
      utf8Remaining = 3;
      utf8Lower = 0x90;
    } else if (value >= 0xF1 && value <= 0xF3) {
      utf8Remaining = 3;
    } else if (value == 0xF4) {
      utf8Remaining = 3;
      utf8Upper = 0x8F;
    } else {
      throw invalidUtf8(
          position, String.format("byte 0x%02X cannot start a UTF-8 character", value));
    }
  }

  private SseProtocolException truncatedSequence(byte ascii, long position) {
    return invalidUtf8(
        position,
        String.format(
            "byte 0x%02X ends the multi-byte character started at offset %d too early",
            ascii, utf8SequenceStart));
  }

  private static SseProtocolException invalidUtf8(long position, String detail) {
    return new SseProtocolException(
        "invalid UTF-8 at byte offset " + position + " of the event stream: " + detail, position);
  }

  private void appendToLine(byte[] bytes, int start, int length, long position) {
    if (length == 0) {
      return;
    }
    int needed = lineLength + length;
    if (needed > maxEventBytes) {
      throw new SseProtocolException(
          "event-stream line longer than " + maxEventBytes + " bytes at byte offset " + position,
          position);
    }
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.min(maxEventBytes, Math.max(needed, line.length * 2)));
    }
    System.arraycopy(bytes, start, line, lineLength, length);
    lineLength = needed;
  }

  private void processLine(long arrivalNanos) {
    int start = 0;
    int end = lineLength;
    lineLength = 0;
    if (firstLine) {
      firstLine = false;
      if (end >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
        start = 3;
      }
    }
    if (start == end) {
      dispatch(arrivalNanos);
      return;
    }
    if (line[start] == COLON) {
      comments++;
      return;
    }
    fieldsPending = true;
    int colon = indexOf(line, COLON, start, end);
    int nameEnd = colon < 0 ? end : colon;
    int valueStart = colon < 0 ? end : colon + 1;
    if (valueStart < end && line[valueStart] == SPACE) {
      valueStart++;
    }
    processField(start, nameEnd - start, valueStart, end - valueStart);
  }

  private void processField(int nameStart, int nameLength, int valueStart, int valueLength) {
    if (isField(nameStart, nameLength, "data")) {
      appendData(valueStart, valueLength);
    } else if (isField(nameStart, nameLength, "event")) {
      eventType = eventTypeString(valueStart, valueLength);
    } else if (isField(nameStart, nameLength, "id")) {
      if (indexOf(line, (byte) 0, valueStart, valueStart + valueLength) < 0) {
        lastEventId = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
      }
    } else if (isField(nameStart, nameLength, "retry")) {
      parseRetry(valueStart, valueLength);
    }
  }

  private boolean isField(int start, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (line[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void appendData(int start, int length) {
    int needed = dataLength + length + 1;
    if (needed > maxEventBytes) {
      throw new SseProtocolException(
          "event data longer than " + maxEventBytes + " bytes before byte offset " + offset,
          offset);
    }
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.min(maxEventBytes, Math.max(needed, data.length * 2)));
    }
    System.arraycopy(line, start, data, dataLength, length);
    data[needed - 1] = LF;
    dataLength = needed;
  }

  private String eventTypeString(int start, int length) {
    byte[] previous = previousTypeBytes;
    if (previous != null
        && previousType != null
        && Arrays.equals(previous, 0, previous.length, line, start, start + length)) {
      return previousType;
    }
    String type = new String(line, start, length, StandardCharsets.UTF_8);
    previousTypeBytes = Arrays.copyOfRange(line, start, start + length);
    previousType = type;
    return type;
  }

  private void parseRetry(int start, int length) {
    if (length == 0) {
      return;
    }
    long value = 0;
    for (int i = start; i < start + length; i++) {
      byte b = line[i];
      if (b < '0' || b > '9') {
        return;
      }
      value = value * 10 + (b - '0');
      if (value > Integer.MAX_VALUE) {
        // Clamp to Integer.MAX_VALUE ms (24 days), far beyond any useful reconnection delay.
        value = Integer.MAX_VALUE;
      }
    }
    retryMillis = value;
  }

  private void dispatch(long arrivalNanos) {
    fieldsPending = false;
    if (dataLength == 0) {
      eventType = null;
      return;
    }
    // Every data line appended a LF, and the last one is not part of the data.
    String text = new String(data, 0, dataLength - 1, StandardCharsets.UTF_8);
    String type = eventType == null || eventType.isEmpty() ? DEFAULT_EVENT_TYPE : eventType;
    resetEvent();
    events++;
    listener.onEvent(new SseEvent(type, text, lastEventId), arrivalNanos);
  }

  private void resetEvent() {
    dataLength = 0;
    eventType = null;
    fieldsPending = false;
  }

  private static int indexOf(byte[] bytes, byte value, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
