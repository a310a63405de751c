package dev.tokenstorm.api.query;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A complete JSON request body supplied by the dataset.
 *
 * <p>Plugins send it as given and only fill in generation parameters the body does not set
 * ("fill" semantics), so the dataset's own values win.
 *
 * @param jsonBody a JSON object, as text
 * @param headers extra request headers for this request only; run-level headers win on conflicts
 * @param requestId an id copied into the request's record, or null
 */
public record RawBodyQuery(String jsonBody, Map<String, String> headers, @Nullable String requestId)
    implements Query {

  public RawBodyQuery {
    Objects.requireNonNull(jsonBody, "jsonBody");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** Returns a query for {@code jsonBody} with no extra headers and no request id. */
  public static RawBodyQuery of(String jsonBody) {
    return new RawBodyQuery(jsonBody, Map.of(), null);
  }

  /** Returns the request id, if the dataset gave one. */
  public Optional<String> requestIdValue() {
    return Optional.ofNullable(requestId);
  }
}
