package dev.tokenstorm.api.plugin;

/**
 * Receives what a {@link ResponseDecoder} finds in a response. Implemented by the engine.
 *
 * <p>Timing metrics are derived from the arrival times passed here: TTFT runs to the first token
 * event, ITL is the gap between consecutive token events, and events that carry no output (role-only
 * chunks, usage-only chunks, comments) are simply not reported.
 */
public interface DecodeSink {

  /**
   * Reports an event that carries output.
   *
   * @param kind what the output is
   * @param text the output text of this event; may be empty for a tool-call delta without text
   * @param arrivalNanos the arrival time passed to the decoder for this event
   */
  void token(TokenKind kind, String text, long arrivalNanos);

  /** Reports token counts from the server; later calls replace earlier values field by field. */
  void usage(Usage usage);

  /** Fails the request with the server's message, for example an {@code error} object in a stream. */
  void fail(String message);

  /** Counts an event that could not be parsed; the request goes on. */
  void malformed(String reason);

  /** Reports the end-of-generation marker, such as OpenAI's {@code [DONE]}. */
  void done(long arrivalNanos);

  /**
   * Sets a short description of a non-generation result, such as
   * {@code embedding_dim=1024, count=8}, stored as the request's output text.
   */
  void resultText(String text);
}
