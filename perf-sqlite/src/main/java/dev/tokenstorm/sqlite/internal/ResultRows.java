package dev.tokenstorm.sqlite.internal;

import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Converts a {@link RequestRecord} to a {@code result} row and back.
 *
 * <p>evalscope's columns are derived from the record the way evalscope fills them: times in
 * seconds, and latency, first-chunk latency and time per output token only for successful
 * requests. The {@code *_ns} columns keep the record's raw monotonic nanoseconds, so {@link #read}
 * rebuilds the record exactly, except for texts longer than the cap, which are stored truncated.
 */
public final class ResultRows {

  /** The columns {@link #read} needs, in the order of its {@code SELECT}. */
  public static final String SELECT_COLUMNS = "request, success, request_id, is_stream,"
      + " prompt_tokens, completion_tokens, request_index, is_warmup, wall_start_ms, scheduled_ns,"
      + " sent_ns, headers_ns, first_token_ns, first_content_ns, last_token_ns, end_ns,"
      + " token_event_ns, token_events, reasoning_tokens, cached_tokens, token_source, http_status,"
      + " error_kind, error_message, malformed_events, output_text";

  private static final double NANOS_PER_SECOND = 1e9;

  private final int maxStoredTextChars;

  /**
   * Creates a converter.
   *
   * @param maxStoredTextChars the most characters of the request body, output text and error
   *     message stored per row
   */
  public ResultRows(int maxStoredTextChars) {
    if (maxStoredTextChars < 0) {
      throw new IllegalArgumentException(
          "maxStoredTextChars must be 0 or more but was " + maxStoredTextChars);
    }
    this.maxStoredTextChars = maxStoredTextChars;
  }

  /** Binds {@code record} to an insert made from {@link Schema#insertResultSql()}. */
  public void bind(PreparedStatement insert, long runId, RequestRecord record)
      throws SQLException {
    bindEvalscopeColumns(insert, record);
    insert.setLong(14, runId);
    insert.setLong(15, record.index());
    insert.setInt(16, record.warmup() ? 1 : 0);
    insert.setLong(17, record.wallStartMillis());
    setLong(insert, 18, record.scheduledNanos());
    insert.setLong(19, record.sentNanos());
    setLong(insert, 20, record.headersNanos());
    setLong(insert, 21, record.firstTokenNanos());
    setLong(insert, 22, record.firstContentNanos());
    setLong(insert, 23, record.lastTokenNanos());
    insert.setLong(24, record.endNanos());
    long[] events = record.tokenEventNanos();
    insert.setBytes(25, TokenTimes.encode(record.sentNanos(), events));
    insert.setInt(26, events.length);
    setSeconds(insert, 27, record.queueTime());
    setSeconds(insert, 28, record.ttfc());
    setInt(insert, 29, record.reasoningTokens());
    setInt(insert, 30, record.cachedTokens());
    insert.setString(31, record.tokenSource().name());
    setInt(insert, 32, record.httpStatus());
    insert.setString(33, record.errorKind() == null ? null : record.errorKind().name());
    insert.setString(34, Texts.cap(record.errorMessage(), maxStoredTextChars));
    insert.setInt(35, record.malformedEvents());
    insert.setString(36, Texts.cap(record.outputText(), maxStoredTextChars));
    insert.setInt(37, Texts.exceeds(record.requestBody(), maxStoredTextChars) ? 1 : 0);
    insert.setInt(38, Texts.exceeds(record.outputText(), maxStoredTextChars) ? 1 : 0);
  }

  private void bindEvalscopeColumns(PreparedStatement insert, RequestRecord record)
      throws SQLException {
    boolean success = record.success();
    insert.setString(1, Texts.cap(record.requestBody(), maxStoredTextChars));
    insert.setDouble(2, record.sentNanos() / NANOS_PER_SECOND);
    insert.setString(3, Seconds.jsonArray(record.interTokenNanos()));
    insert.setInt(4, success ? 1 : 0);
    insert.setDouble(5, record.endNanos() / NANOS_PER_SECOND);
    setSeconds(insert, 6, success ? Optional.of(record.latency()) : Optional.empty());
    setSeconds(insert, 7, success ? firstChunkLatency(record) : Optional.empty());
    setInt(insert, 8, record.promptTokens());
    setInt(insert, 9, record.completionTokens());
    // evalscope stores the peak GPU memory of in-process inference; Tokenstorm measures remote
    // servers only, so the column stays NULL.
    insert.setNull(10, Types.REAL);
    OptionalDouble tpot = success ? record.tpotNanos() : OptionalDouble.empty();
    if (tpot.isPresent()) {
      insert.setDouble(11, tpot.getAsDouble() / NANOS_PER_SECOND);
    } else {
      insert.setNull(11, Types.REAL);
    }
    insert.setString(12, record.requestId());
    insert.setInt(13, record.stream() ? 1 : 0);
  }

  /** Returns evalscope's first-chunk latency: TTFT, or the whole latency for a non-streamed answer. */
  private static Optional<Duration> firstChunkLatency(RequestRecord record) {
    Optional<Duration> ttft = record.ttft();
    if (ttft.isPresent() || record.stream()) {
      return ttft;
    }
    return Optional.of(record.latency());
  }

  /** Rebuilds a record from a row selected with {@link #SELECT_COLUMNS}. */
  public static RequestRecord read(ResultSet row) throws SQLException {
    long sentNanos = row.getLong(11);
    int eventCount = row.getInt(18);
    byte[] blob = row.getBytes(17);
    long[] events = TokenTimes.decode(sentNanos, blob == null ? new byte[0] : blob, eventCount);
    String errorKind = row.getString(23);
    return new RequestRecord(
        row.getLong(7),
        row.getString(3),
        row.getInt(8) != 0,
        row.getLong(9),
        optionalLong(row, 10),
        sentNanos,
        optionalLong(row, 12),
        optionalLong(row, 13),
        optionalLong(row, 14),
        optionalLong(row, 15),
        row.getLong(16),
        events,
        row.getInt(4) != 0,
        row.getInt(2) != 0,
        optionalInt(row, 22),
        errorKind == null ? null : ErrorKind.valueOf(errorKind),
        row.getString(24),
        optionalInt(row, 5),
        optionalInt(row, 6),
        optionalInt(row, 19),
        optionalInt(row, 20),
        TokenSource.valueOf(row.getString(21)),
        row.getInt(25),
        row.getString(1),
        row.getString(26));
  }

  private static void setLong(PreparedStatement insert, int index, OptionalLong value)
      throws SQLException {
    if (value.isPresent()) {
      insert.setLong(index, value.getAsLong());
    } else {
      insert.setNull(index, Types.INTEGER);
    }
  }

  private static void setInt(PreparedStatement insert, int index, OptionalInt value)
      throws SQLException {
    if (value.isPresent()) {
      insert.setInt(index, value.getAsInt());
    } else {
      insert.setNull(index, Types.INTEGER);
    }
  }

  private static void setSeconds(PreparedStatement insert, int index, Optional<Duration> value)
      throws SQLException {
    if (value.isPresent()) {
      insert.setDouble(index, value.get().toNanos() / NANOS_PER_SECOND);
    } else {
      insert.setNull(index, Types.REAL);
    }
  }

  private static OptionalLong optionalLong(ResultSet row, int index) throws SQLException {
    long value = row.getLong(index);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static OptionalInt optionalInt(ResultSet row, int index) throws SQLException {
    int value = row.getInt(index);
    return row.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
  }

  /** Text capping that never splits a surrogate pair. */
  static final class Texts {

    private Texts() {}

    static boolean exceeds(@Nullable String text, int maxChars) {
      return text != null && text.length() > maxChars;
    }

    static @Nullable String cap(@Nullable String text, int maxChars) {
      if (text == null || text.length() <= maxChars) {
        return text;
      }
      int end = maxChars;
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      return text.substring(0, end);
    }
  }
}
