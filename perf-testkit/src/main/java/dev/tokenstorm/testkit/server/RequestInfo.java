package dev.tokenstorm.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request data a {@link FaultRule} reads when the server picks a fault for the request.
 *
 * @param index the request's index on this server: 0 for the first request after start or {@link
 *     SimulatedLlmServer#reset()}, counting requests on every path
 * @param method the HTTP method, such as {@code POST}
 * @param path the request path without the query string, such as {@code /v1/chat/completions}
 * @param headers header values by lower-case name
 * @param body the parsed JSON body; empty when the body is empty or not valid JSON. Do not modify.
 */
public record RequestInfo(
    long index,
    String method,
    String path,
    Map<String, List<String>> headers,
    Optional<JsonNode> body) {

  /** Checks for nulls. */
  public RequestInfo {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** Returns the first value of header {@code name} (any case), or empty. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
