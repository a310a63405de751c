package dev.tokenstorm.testkit.server.internal;

/** A request that cannot be parsed as HTTP/1.1; the connection responds with {@link #status()} and closes. */
public final class BadRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** Creates the exception with the status to respond with, such as 400 or 431. */
  public BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** Returns the HTTP status to respond with. */
  public int status() {
    return status;
  }
}
