package dev.tokenstorm.testkit.server.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param method the method, upper case as sent
 * @param target the request target as sent, query string included
 * @param path the target without the query string and without a trailing slash
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param headers values by lower-case name, in arrival order
 * @param body the body bytes, decoded from chunked transfer coding when it was used
 * @param arrivalNanos {@link System#nanoTime()} after the last byte was read
 */
public record HttpRequest(
    String method,
    String target,
    String path,
    String version,
    Map<String, List<String>> headers,
    byte[] body,
    long arrivalNanos) {

  /** Returns the first value of header {@code name} (lower case), or empty. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Returns whether the client allows the connection to stay open after the response. */
  public boolean keepAlive() {
    String connection = header("connection").orElse("").toLowerCase(Locale.ROOT);
    if ("HTTP/1.0".equals(version)) {
      return connection.contains("keep-alive");
    }
    return !connection.contains("close");
  }
}
