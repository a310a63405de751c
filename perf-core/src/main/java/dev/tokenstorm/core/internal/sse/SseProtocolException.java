package dev.tokenstorm.core.internal.sse;

/**
 * Thrown by {@link SseParser} when a stream is not a valid event stream: invalid UTF-8, or an
 * event larger than the parser's limit. The transport fails the request with
 * {@link dev.tokenstorm.api.result.ErrorKind#PROTOCOL}.
 */
public final class SseProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long byteOffset;

  /**
   * Creates an exception for a problem at {@code byteOffset}.
   *
   * @param byteOffset zero-based offset of the offending byte from the start of the stream
   */
  public SseProtocolException(String message, long byteOffset) {
    super(message);
    this.byteOffset = byteOffset;
  }

  /** Returns the zero-based offset of the offending byte from the start of the stream. */
  public long byteOffset() {
    return byteOffset;
  }
}
