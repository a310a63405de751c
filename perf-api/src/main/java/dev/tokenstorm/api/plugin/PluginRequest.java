package dev.tokenstorm.api.plugin;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request built by a plugin. The engine sends it as a {@code POST} to the run's URL.
 *
 * @param body the request body, JSON text
 * @param headers extra headers for this request; run-level headers and the API key win on conflicts
 * @param stream whether the body asks for a streamed response
 * @param requestId an id copied into the request's record, or null
 */
public record PluginRequest(
    String body, Map<String, String> headers, boolean stream, @Nullable String requestId) {

  public PluginRequest {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** Returns a request with no extra headers and no request id. */
  public static PluginRequest of(String body, boolean stream) {
    return new PluginRequest(body, Map.of(), stream, null);
  }
}
