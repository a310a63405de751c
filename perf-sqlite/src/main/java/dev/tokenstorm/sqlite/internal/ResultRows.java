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

  /**
   * Converts {@code record} to the values of one {@code result} row, in {@link
   * Schema#INSERT_COLUMNS} order: {@code null}, {@link Long}, {@link Double}, {@link String} or
   * {@code byte[]}. Runs on the thread that feeds the sink, so the writer thread spends its time in
   * SQLite only.
   */
  public Object[] encode(long runId, RequestRecord record) {
    Object[] row = new Object[Schema.INSERT_COLUMNS.size()];
    encodeEvalscopeColumns(row, record);
    row[13] = runId;
    row[14] = record.index();
    row[15] = flag(record.warmup());
    row[16] = record.wallStartMillis();
    row[17] = boxed(record.scheduledNanos());
    row[18] = record.sentNanos();
    row[19] = boxed(record.headersNanos());
    row[20] = boxed(record.firstTokenNanos());
    row[21] = boxed(record.firstContentNanos());
    row[22] = boxed(record.lastTokenNanos());
    row[23] = record.endNanos();
    row[24] = TokenTimes.encode(record.sentNanos(), record.tokenEventNanos());
    row[25] = (long) record.tokenEventCount();
    row[26] = seconds(record.queueTime());
    row[27] = seconds(record.ttfc());
    row[28] = boxed(record.reasoningTokens());
    row[29] = boxed(record.cachedTokens());
    row[30] = record.tokenSource().name();
    row[31] = boxed(record.httpStatus());
    row[32] = record.errorKind() == null ? null : record.errorKind().name();
    row[33] = Texts.cap(record.errorMessage(), maxStoredTextChars);
    row[34] = (long) record.malformedEvents();
    row[35] = Texts.cap(record.outputText(), maxStoredTextChars);
    row[36] = flag(Texts.exceeds(record.requestBody(), maxStoredTextChars));
    row[37] = flag(Texts.exceeds(record.outputText(), maxStoredTextChars));
    return row;
  }

  private void encodeEvalscopeColumns(Object[] row, RequestRecord record) {
    boolean success = record.success();
    row[0] = Texts.cap(record.requestBody(), maxStoredTextChars);
    row[1] = record.sentNanos() / NANOS_PER_SECOND;
    row[2] = Seconds.jsonArray(record.interTokenNanos());
    row[3] = flag(success);
    row[4] = record.endNanos() / NANOS_PER_SECOND;
    row[5] = success ? seconds(Optional.of(record.latency())) : null;
    row[6] = success ? seconds(firstChunkLatency(record)) : null;
    row[7] = boxed(record.promptTokens());
    row[8] = boxed(record.completionTokens());
    // evalscope stores the peak GPU memory of in-process inference; Tokenstorm measures remote
    // servers only, so the column stays NULL.
    row[9] = null;
    OptionalDouble tpot = success ? record.tpotNanos() : OptionalDouble.empty();
    row[10] = tpot.isPresent() ? tpot.getAsDouble() / NANOS_PER_SECOND : null;
    row[11] = record.requestId();
    row[12] = flag(record.stream());
  }

  /** Binds a row made by {@link #encode} to an insert made from {@link Schema#insertResultSql()}. */
  public static void bind(PreparedStatement insert, Object[] row) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      Object value = row[i];
      int index = i + 1;
      switch (value) {
        case null -> insert.setNull(index, Types.NULL);
        case Long number -> insert.setLong(index, number);
        case Double number -> insert.setDouble(index, number);
        case String text -> insert.setString(index, text);
        case byte[] bytes -> insert.setBytes(index, bytes);
        default -> throw new IllegalArgumentException("column " + Schema.INSERT_COLUMNS.get(i)
            + " has a value of unexpected type " + value.getClass().getName());
      }
    }
  }

  /** Returns evalscope's first-chunk latency: TTFT, or the whole latency of a non-streamed response. */
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

  private static Long flag(boolean value) {
    return value ? 1L : 0L;
  }

  private static @Nullable Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static @Nullable Long boxed(OptionalInt value) {
    return value.isPresent() ? (long) value.getAsInt() : null;
  }

  private static @Nullable Double seconds(Optional<Duration> value) {
    return value.isPresent() ? value.get().toNanos() / NANOS_PER_SECOND : null;
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
