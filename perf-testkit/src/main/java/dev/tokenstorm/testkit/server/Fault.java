package dev.tokenstorm.testkit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the simulated server applies to one request, chosen by a {@link FaultRule}.
 *
 * <p>Status faults ({@link HttpError}, {@link RateLimited}) respond at once, without waiting for
 * capacity. The others change a normal response. Mid-stream faults ({@link MidStreamFault}) act after
 * {@code afterEvents} server-sent events have been written, counting every event (the role-only
 * chunk included); when the stream has fewer events, they act after the last one, before the
 * stream's terminating chunk. On a non-streamed response they act on the JSON body instead, as each
 * type describes.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Fault {

  /**
   * Returns a fault that responds with {@code status} and an OpenAI-style JSON error body.
   *
   * @param status an HTTP status from 400 to 599
   */
  static Fault status(int status) {
    return new HttpError(status, "simulated fault: HTTP " + status);
  }

  /** Returns a fault that responds with {@code status} and a JSON error body carrying {@code message}. */
  static Fault status(int status, String message) {
    return new HttpError(status, message);
  }

  /** Returns a fault that responds with {@code 429} with a {@code Retry-After} header. */
  static Fault rateLimited(Duration retryAfter) {
    return new RateLimited(retryAfter);
  }

  /** Returns a fault that delays the status line by {@code delay}. */
  static Fault slowHeaders(Duration delay) {
    return new SlowHeaders(delay);
  }

  /** Returns a fault that resets the connection (TCP RST) after {@code events} events. */
  static Fault resetAfterEvents(int events) {
    return new ResetAfterEvents(events);
  }

  /** Returns a fault that closes the connection (TCP FIN) mid-body after {@code events} events. */
  static Fault closeAfterEvents(int events) {
    return new CloseAfterEvents(events);
  }

  /** Returns a fault that delays every event after the first {@code events} by {@code stall}. */
  static Fault stallAfterEvents(int events, Duration stall) {
    return new StallAfterEvents(events, stall);
  }

  /** Returns a fault that inserts an event with truncated JSON after {@code events} events. */
  static Fault malformedEventAfterEvents(int events) {
    return new MalformedEventAfterEvents(events);
  }

  /** Returns a fault that inserts an event with invalid UTF-8 after {@code events} events. */
  static Fault invalidUtf8AfterEvents(int events) {
    return new InvalidUtf8AfterEvents(events);
  }

  /** Returns a fault that ends a 200 stream with an {@code error} event after {@code events} events. */
  static Fault errorEventAfterEvents(int events, String message) {
    return new ErrorEventAfterEvents(events, message);
  }

  /** Returns a fault that ends a stream cleanly but without {@code data: [DONE]}. */
  static Fault closeWithoutDone() {
    return new CloseWithoutDone();
  }

  /** A fault that acts after a number of server-sent events. */
  sealed interface MidStreamFault extends Fault {
    /** Returns how many events are written before the fault acts. */
    int afterEvents();
  }

  /**
   * Responds with {@code status} and {@code {"error":{"message":…,"type":…,"code":status}}}, where
   * the type is {@code invalid_request_error} for 4xx and {@code server_error} for 5xx.
   *
   * @param status an HTTP status from 400 to 599
   * @param message the error message
   */
  record HttpError(int status, String message) implements Fault {
    /** Checks the status range. */
    public HttpError {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(
            "fault status must be from 400 to 599, got " + status);
      }
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Responds with {@code 429} with a JSON error body of type {@code rate_limit_error}, a {@code
   * Retry-After} header in whole seconds (rounded up) and a {@code retry-after-ms} header in
   * milliseconds.
   */
  record RateLimited(Duration retryAfter) implements Fault {
    /** Checks that the delay is not negative. */
    public RateLimited {
      requireNonNegative(retryAfter, "retryAfter");
    }
  }

  /**
   * Waits {@code delay} (after any capacity wait) before writing the status line. The event
   * schedule starts after the delay, so a client sees a TTFT of about {@code delay + ttft}.
   */
  record SlowHeaders(Duration delay) implements Fault {
    /** Checks that the delay is not negative. */
    public SlowHeaders {
      requireNonNegative(delay, "delay");
    }
  }

  /**
   * Resets the connection with a TCP RST ({@code SO_LINGER} 0, then close). On a non-streamed
   * response the headers and the first half of the body are written, then the connection is reset.
   */
  record ResetAfterEvents(int afterEvents) implements MidStreamFault {
    /** Checks that the count is not negative. */
    public ResetAfterEvents {
      requireNonNegative(afterEvents);
    }
  }

  /**
   * Closes the connection with a TCP FIN without the chunked terminator, so the body is
   * truncated. On a non-streamed response the headers and the first half of the body are written,
   * then the connection is closed.
   */
  record CloseAfterEvents(int afterEvents) implements MidStreamFault {
    /** Checks that the count is not negative. */
    public CloseAfterEvents {
      requireNonNegative(afterEvents);
    }
  }

  /**
   * Delays every later event, and the end of the stream, by {@code stall}, so the connection stays
   * silent for the stall plus the normal gap to the next event. On a non-streamed response the body
   * is delayed by the stall.
   */
  record StallAfterEvents(int afterEvents, Duration stall) implements MidStreamFault {
    /** Checks the count and the stall. */
    public StallAfterEvents {
      requireNonNegative(afterEvents);
      requireNonNegative(stall, "stall");
    }
  }

  /**
   * Inserts the event {@code data: {"choices":[{"index":0,"delta":{"content":"tok}\n\n} (JSON cut
   * off mid-string), then continues the stream. On a non-streamed response the JSON body is cut off
   * at half its length (with a matching {@code Content-Length}).
   */
  record MalformedEventAfterEvents(int afterEvents) implements MidStreamFault {
    /** Checks that the count is not negative. */
    public MalformedEventAfterEvents {
      requireNonNegative(afterEvents);
    }
  }

  /**
   * Inserts a well-formed chunk whose content string contains the invalid UTF-8 bytes {@code 0xC3
   * 0x28}, then continues the stream. On a non-streamed response the bytes are put at the start of
   * the content string.
   */
  record InvalidUtf8AfterEvents(int afterEvents) implements MidStreamFault {
    /** Checks that the count is not negative. */
    public InvalidUtf8AfterEvents {
      requireNonNegative(afterEvents);
    }
  }

  /**
   * Writes {@code data: {"error":{"message":…,"type":"server_error","code":500}}}, then {@code
   * data: [DONE]}, and ends the stream with status 200 kept. On a non-streamed response the 200 body
   * is that error object.
   */
  record ErrorEventAfterEvents(int afterEvents, String message) implements MidStreamFault {
    /** Checks the count and the message. */
    public ErrorEventAfterEvents {
      requireNonNegative(afterEvents);
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Sends every event except {@code data: [DONE]} and ends the chunked body normally. Has no
   * effect on a non-streamed response.
   */
  record CloseWithoutDone() implements Fault {}

  private static void requireNonNegative(int events) {
    if (events < 0) {
      throw new IllegalArgumentException("afterEvents must be at least 0, got " + events);
    }
  }

  private static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
