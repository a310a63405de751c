package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.result.ErrorKind;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The result of one HTTP exchange sent by {@link HttpTransport}. Times are on the
 * {@link dev.tokenstorm.core.time.PerfClock#nanoTime()} scale.
 *
 * @param wallStartMillis wall-clock time of the send, in epoch milliseconds
 * @param sentNanos monotonic time taken immediately before the request was handed to the client
 * @param headersNanos monotonic time at which the response headers were received, or empty when
 *     none arrived
 * @param endNanos arrival of the last response byte, or the time of the failure
 * @param status the HTTP status code, or empty when no response arrived
 * @param streamed whether the response was a {@code 200} with content type
 *     {@code text/event-stream}
 * @param errorKind why the exchange failed, or null when it succeeded. Errors reported by the
 *     decoder through {@link dev.tokenstorm.api.plugin.DecodeSink#fail} are not included: they go
 *     to the sink.
 * @param errorMessage a description of the failure, or null when it succeeded
 * @param bodyBytes number of response body bytes received
 */
public record ExchangeOutcome(
    long wallStartMillis,
    long sentNanos,
    OptionalLong headersNanos,
    long endNanos,
    OptionalInt status,
    boolean streamed,
    @Nullable ErrorKind errorKind,
    @Nullable String errorMessage,
    int bodyBytes) {

  public ExchangeOutcome {
    if ((errorKind == null) != (errorMessage == null)) {
      throw new IllegalArgumentException(
          "errorKind and errorMessage must be both set or both null but were "
              + errorKind
              + " and "
              + errorMessage);
    }
  }

  /** Returns true when the transport saw no failure. */
  public boolean succeeded() {
    return errorKind == null;
  }
}
