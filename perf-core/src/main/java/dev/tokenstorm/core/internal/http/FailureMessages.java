package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.result.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Error kinds and messages for failed exchanges, and strict decoding of response bodies. */
final class FailureMessages {

  /** Reason phrases of common statuses; the HTTP/1.1 client does not expose the server's. */
  private static final Map<Integer, String> REASON_PHRASES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(408, "Request Timeout"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(422, "Unprocessable Content"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private FailureMessages() {}

  /** Returns the error kind of an exception raised before the response headers arrived. */
  static ErrorKind kindOf(Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (cause instanceof IOException) {
      return ErrorKind.CONNECTION;
    }
    return ErrorKind.CLIENT;
  }

  /** Returns the message for an exception raised before the response headers arrived. */
  static String beforeResponse(Throwable cause, Exchange.Timeouts timeouts, String uri) {
    String detail = innermostMessage(cause);
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timeout expired: no connection to "
          + uri
          + " within connectTimeout ("
          + formatNanos(timeouts.connectNanos())
          + ")";
    }
    if (cause instanceof HttpTimeoutException) {
      return "timed out waiting for the response from " + uri + ": " + detail;
    }
    if (cause instanceof ConnectException) {
      if (!hasMessage(cause)) {
        // The JDK client's ConnectException often has no message, and a refused connection is
        // its usual cause.
        detail = "ConnectException without details, usually meaning the connection was refused"
            + " because nothing listens on that port";
      }
      return "connection to " + uri + " failed: " + detail;
    }
    if (cause instanceof IOException) {
      return "connection to " + uri + " failed before the response headers: " + detail;
    }
    return "the request to " + uri + " failed: " + detail;
  }

  static String totalTimeout(Exchange.Timeouts timeouts, long elapsedNanos) {
    return "total timeout expired: the exchange was still running after "
        + formatNanos(elapsedNanos)
        + " (totalTimeout "
        + formatNanos(timeouts.totalNanos())
        + ")";
  }

  static String readTimeout(Exchange.Timeouts timeouts, long idleNanos, boolean headersReceived) {
    String phase =
        headersReceived ? "while reading the response body" : "while waiting for the response";
    return "read timeout expired: no bytes for "
        + formatNanos(idleNanos)
        + " "
        + phase
        + " (readTimeout "
        + formatNanos(timeouts.readNanos())
        + ")";
  }

  /**
   * Returns the message for a non-200 response, such as
   * {@code HTTP 429 Too Many Requests (Retry-After: 2): {"error":...}}.
   *
   * @param kept the first {@code keptLength} bytes of the body
   * @param totalBytes the full body length, which may exceed what was kept
   */
  static String httpStatus(
      int status, @Nullable String retryAfter, byte[] kept, int keptLength, long totalBytes) {
    StringBuilder message = new StringBuilder("HTTP ").append(status);
    String reason = REASON_PHRASES.get(status);
    if (reason != null) {
      message.append(' ').append(reason);
    }
    if (retryAfter != null) {
      message.append(" (Retry-After: ").append(retryAfter).append(')');
    }
    // Lenient decoding: an error body is shown to people, never parsed.
    String text = new String(kept, 0, keptLength, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return message.toString();
    }
    message.append(": ");
    if (text.length() > Exchange.MAX_ERROR_BODY_CHARS) {
      message
          .append(text, 0, Exchange.MAX_ERROR_BODY_CHARS)
          .append("... (truncated, ")
          .append(totalBytes)
          .append(" bytes in total)");
    } else if (totalBytes > keptLength) {
      message.append(text).append("... (truncated, ").append(totalBytes).append(" bytes in total)");
    } else {
      message.append(text);
    }
    return message.toString();
  }

  /**
   * Decodes a response body as UTF-8, skipping one leading byte order mark.
   *
   * @throws InvalidBodyException naming the offset of the first invalid byte
   */
  static String decodeStrictUtf8(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = 0;
    if (length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      start = 3;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, start, length - start);
    CharBuffer out = CharBuffer.allocate(length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      long offset = in.position();
      throw new InvalidBodyException(
          "the response body is not valid UTF-8: invalid byte at offset " + offset);
    }
    return out.flip().toString();
  }

  private static boolean hasMessage(Throwable throwable) {
    Throwable current = throwable;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current.getMessage() != null && !current.getMessage().isBlank()) {
        return true;
      }
      current = current.getCause();
    }
    return false;
  }

  /** Returns the most specific non-blank message in the cause chain, or the exception's type. */
  static String innermostMessage(Throwable throwable) {
    String found = null;
    Throwable current = throwable;
    for (int depth = 0; current != null && depth < 10; depth++) {
      String message = current.getMessage();
      if (message != null && !message.isBlank()) {
        found = message;
      }
      current = current.getCause();
    }
    return found != null ? found : throwable.getClass().getSimpleName();
  }

  /** Formats a duration for messages: {@code 250 ms} below ten seconds, else {@code 12.5 s}. */
  static String formatNanos(long nanos) {
    long millis = nanos / 1_000_000;
    if (millis < 10_000) {
      return millis + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  static String format(@Nullable Duration duration) {
    return duration == null ? "none" : formatNanos(duration.toNanos());
  }

  /** A response body that cannot be decoded. */
  static final class InvalidBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidBodyException(String message) {
      super(message);
    }
  }
}
