package dev.tokenstorm.testkit.server.internal;

/** A JSON body that is valid JSON but not a valid request; rejected with 400. */
public final class InvalidRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message goes into the error body. */
  public InvalidRequestException(String message) {
    super(message);
  }
}
