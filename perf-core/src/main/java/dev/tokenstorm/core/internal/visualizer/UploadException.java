package dev.tokenstorm.core.internal.visualizer;

/**
 * An upload to a tracking service failed: no connection, no response in time, an HTTP status
 * other than 2xx, or a response without the expected fields. The message names the URL (without
 * query string) and never contains credentials.
 */
final class UploadException extends Exception {

  UploadException(String message) {
    super(message);
  }

  UploadException(String message, Throwable cause) {
    super(message, cause);
  }
}
