package dev.tokenstorm.sqlite.internal;

import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Converts a {@link RequestRecord} to a {@code result} row and back.
 *
 * <p>{@link #encode} turns a record into the parameters of the insert on the thread that feeds the
 * sink, so the writer thread spends its time in SQLite. The {@code *_ns} columns keep the record's
 * raw monotonic nanoseconds, and evalscope's columns in seconds are generated from them (see
 * {@link Schema}), so {@link #read} rebuilds the record exactly, except for texts longer than the
 * cap, which are stored truncated.
 */
public final class ResultRows {

  /** The columns {@link #read} needs, in the order of its {@code SELECT}. */
  public static final String SELECT_COLUMNS = "request, success, request_id, is_stream,"
      + " prompt_tokens, completion_tokens, request_index, is_warmup, wall_start_ms, scheduled_ns,"
      + " sent_ns, headers_ns, first_token_ns, first_content_ns, last_token_ns, end_ns,"
      + " token_event_ns, token_events, reasoning_tokens, cached_tokens, token_source, http_status,"
      + " error_kind, error_message, malformed_events, output_text, inter_token_latencies";

  private static final List<String> PARAMETERS = Schema.INSERT_COLUMNS.stream()
      .filter(column -> !column.equals("run_id")).toList();

  private static final int REQUEST = parameter("request");
  private static final int INTER_TOKEN_LATENCIES = parameter("inter_token_latencies");
  private static final int SUCCESS = parameter("success");
  private static final int PROMPT_TOKENS = parameter("prompt_tokens");
  private static final int COMPLETION_TOKENS = parameter("completion_tokens");
  private static final int REQUEST_ID = parameter("request_id");
  private static final int IS_STREAM = parameter("is_stream");
  private static final int REQUEST_INDEX = parameter("request_index");
  private static final int IS_WARMUP = parameter("is_warmup");
  private static final int WALL_START_MS = parameter("wall_start_ms");
  private static final int SCHEDULED_NS = parameter("scheduled_ns");
  private static final int SENT_NS = parameter("sent_ns");
  private static final int HEADERS_NS = parameter("headers_ns");
  private static final int FIRST_TOKEN_NS = parameter("first_token_ns");
  private static final int FIRST_CONTENT_NS = parameter("first_content_ns");
  private static final int LAST_TOKEN_NS = parameter("last_token_ns");
  private static final int END_NS = parameter("end_ns");
  private static final int TOKEN_EVENT_NS = parameter("token_event_ns");
  private static final int TOKEN_EVENTS = parameter("token_events");
  private static final int REASONING_TOKENS = parameter("reasoning_tokens");
  private static final int CACHED_TOKENS = parameter("cached_tokens");
  private static final int TOKEN_SOURCE = parameter("token_source");
  private static final int HTTP_STATUS = parameter("http_status");
  private static final int ERROR_KIND = parameter("error_kind");
  private static final int ERROR_MESSAGE = parameter("error_message");
  private static final int MALFORMED_EVENTS = parameter("malformed_events");
  private static final int OUTPUT_TEXT = parameter("output_text");
  private static final int REQUEST_TRUNCATED = parameter("request_truncated");
  private static final int OUTPUT_TEXT_TRUNCATED = parameter("output_text_truncated");

  static {
    if (PARAMETERS.size() >= Long.SIZE) {
      throw new IllegalStateException("Row marks NULL parameters in a long; the insert has "
          + PARAMETERS.size() + " parameters");
    }
  }

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
   * The parameters of one insert made from {@link Schema#insertResultSql}: integers, UTF-8 text,
   * BLOBs, strings or NULL, by parameter index. Two arrays instead of an object per value, because
   * the writer's queue holds up to {@code queueCapacity} rows and the garbage collector copies each
   * object that stays queued.
   */
  public static final class Row {

    private final long[] integers = new long[PARAMETERS.size() + 1];
    private final @Nullable Object[] objects = new Object[PARAMETERS.size() + 1];
    private long nulls;

    private Row() {}

    private void integer(int parameter, long value) {
      integers[parameter] = value;
    }

    private void flag(int parameter, boolean value) {
      integers[parameter] = value ? 1 : 0;
    }

    private void integer(int parameter, OptionalLong value) {
      if (value.isPresent()) {
        integers[parameter] = value.getAsLong();
      } else {
        nulls |= 1L << parameter;
      }
    }

    private void integer(int parameter, OptionalInt value) {
      if (value.isPresent()) {
        integers[parameter] = value.getAsInt();
      } else {
        nulls |= 1L << parameter;
      }
    }

    private void object(int parameter, @Nullable Object value) {
      if (value == null) {
        nulls |= 1L << parameter;
      } else {
        objects[parameter] = value;
      }
    }

    /** Binds this row to an insert made from {@link Schema#insertResultSql}. */
    public void bind(PreparedStatement insert) throws SQLException {
      for (int parameter = 1; parameter <= PARAMETERS.size(); parameter++) {
        Object value = objects[parameter];
        if ((nulls & (1L << parameter)) != 0) {
          insert.setNull(parameter, Types.NULL);
        } else if (value == null) {
          insert.setLong(parameter, integers[parameter]);
        } else if (value instanceof byte[] bytes) {
          insert.setBytes(parameter, bytes);
        } else {
          insert.setString(parameter, (String) value);
        }
      }
    }
  }

  /**
   * Converts {@code record} to the parameters of one insert. Runs on the thread that feeds the
   * sink.
   */
  public Row encode(RequestRecord record) {
    Row row = new Row();
    TokenTimes.Columns times = TokenTimes.encode(record.sentNanos(), record.tokenEventNanos());
    row.object(REQUEST, utf8(Texts.cap(record.requestBody(), maxStoredTextChars)));
    row.object(INTER_TOKEN_LATENCIES, times.interTokenLatencies());
    row.flag(SUCCESS, record.success());
    row.integer(PROMPT_TOKENS, record.promptTokens());
    row.integer(COMPLETION_TOKENS, record.completionTokens());
    row.object(REQUEST_ID, record.requestId());
    row.flag(IS_STREAM, record.stream());

    row.integer(REQUEST_INDEX, record.index());
    row.flag(IS_WARMUP, record.warmup());
    row.integer(WALL_START_MS, record.wallStartMillis());
    row.integer(SCHEDULED_NS, record.scheduledNanos());
    row.integer(SENT_NS, record.sentNanos());
    row.integer(HEADERS_NS, record.headersNanos());
    row.integer(FIRST_TOKEN_NS, record.firstTokenNanos());
    row.integer(FIRST_CONTENT_NS, record.firstContentNanos());
    row.integer(LAST_TOKEN_NS, record.lastTokenNanos());
    row.integer(END_NS, record.endNanos());
    row.object(TOKEN_EVENT_NS, times.tokenEventNanos());
    row.integer(TOKEN_EVENTS, record.tokenEventCount());
    row.integer(REASONING_TOKENS, record.reasoningTokens());
    row.integer(CACHED_TOKENS, record.cachedTokens());
    row.object(TOKEN_SOURCE, record.tokenSource().name());
    row.integer(HTTP_STATUS, record.httpStatus());
    row.object(ERROR_KIND, record.errorKind() == null ? null : record.errorKind().name());
    row.object(ERROR_MESSAGE, Texts.cap(record.errorMessage(), maxStoredTextChars));
    row.integer(MALFORMED_EVENTS, record.malformedEvents());
    row.object(OUTPUT_TEXT, utf8(Texts.cap(record.outputText(), maxStoredTextChars)));
    row.flag(REQUEST_TRUNCATED, Texts.exceeds(record.requestBody(), maxStoredTextChars));
    row.flag(OUTPUT_TEXT_TRUNCATED, Texts.exceeds(record.outputText(), maxStoredTextChars));
    return row;
  }

  private static int parameter(String column) {
    int index = PARAMETERS.indexOf(column);
    if (index < 0) {
      throw new IllegalStateException("column " + column + " is not a parameter of the insert");
    }
    return index + 1;
  }

  private static byte @Nullable [] utf8(@Nullable String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Rebuilds a record from a row selected with {@link #SELECT_COLUMNS} from a database of schema
   * version {@code schemaVersion}.
   *
   * @throws IllegalArgumentException if the token event columns cannot be decoded
   */
  public static RequestRecord read(ResultSet row, int schemaVersion) throws SQLException {
    long sentNanos = row.getLong(11);
    int eventCount = row.getInt(18);
    byte[] stored = row.getBytes(17);
    byte[] blob = stored == null ? new byte[0] : stored;
    long[] events = schemaVersion == 1
        ? TokenTimes.decodeVersion1(sentNanos, blob, eventCount)
        : TokenTimes.decode(sentNanos, row.getString(27), blob, eventCount);
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
