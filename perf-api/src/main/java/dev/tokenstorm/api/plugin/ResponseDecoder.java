package dev.tokenstorm.api.plugin;

/**
 * Decodes the response to one request.
 *
 * <h2>Lifecycle</h2>
 *
 * For a {@code 200} response with content type {@code text/event-stream}, the engine calls
 * {@link #onEvent} once per server-sent event, in order, then {@link #onEnd} once. For any other
 * {@code 200} response it calls {@link #onBody} once, then {@code onEnd}. Non-200 responses never
 * reach the decoder: the engine fails the request with the status and body.
 *
 * <h2>Threading</h2>
 *
 * One decoder serves one request and is called from one thread at a time. Calls must be fast: they
 * run on the thread that reads the response, so heavy work delays later timestamps.
 */
public interface ResponseDecoder {

  /**
   * Handles one server-sent event.
   *
   * @param arrivalNanos monotonic time ({@link System#nanoTime()} scale) at which the last byte of
   *     this event arrived
   */
  void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink);

  /**
   * Handles a complete non-streamed body.
   *
   * @param contentType the response's {@code Content-Type}, or an empty string
   * @param arrivalNanos monotonic time at which the last byte of the body arrived
   */
  void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink);

  /**
   * Called once after the last event or the body.
   *
   * @param endNanos monotonic time at which the response ended
   */
  default void onEnd(long endNanos, DecodeSink sink) {}
}
