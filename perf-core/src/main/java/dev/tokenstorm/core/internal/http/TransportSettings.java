package dev.tokenstorm.core.internal.http;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one {@link HttpTransport}.
 *
 * <p>The compact constructor validates the values and completes {@code headers}: it adds
 * {@code Content-Type: application/json} and {@code User-Agent: tokenstorm/<version>} unless a
 * header of that name (in any letter case) is already present. {@link #toString()} masks the values
 * of credential headers.
 *
 * @param uri the {@code http} or {@code https} URL every request is posted to
 * @param headers run-level headers, already merged by the engine (user headers and
 *     {@code Authorization: Bearer <key>}). They win over per-request headers of the same name.
 * @param connectTimeout longest time to open a connection, or null for no limit
 * @param readTimeout longest gap between two received bytes, counted from the moment the request
 *     is sent, or null for no limit. It also bounds the wait for the response headers, which for a
 *     non-streamed request includes the whole generation.
 * @param totalTimeout longest time for a whole exchange, from sending the request to the last byte
 *     of the response
 * @param expectedConcurrency the maximum number of requests the engine keeps in flight, at least 1.
 *     It is logged only: the JDK client opens a connection per concurrent exchange on demand and
 *     keeps idle ones for reuse.
 */
public record TransportSettings(
    URI uri,
    Map<String, String> headers,
    @Nullable Duration connectTimeout,
    @Nullable Duration readTimeout,
    Duration totalTimeout,
    int expectedConcurrency) {

  /** Value of the {@code User-Agent} header added when the engine did not set one. */
  public static final String USER_AGENT = "tokenstorm/" + version();

  public TransportSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "url must start with http:// or https:// but was " + HttpTransport.loggable(uri));
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("readTimeout", readTimeout);
    requirePositive("totalTimeout", totalTimeout);
    if (expectedConcurrency < 1) {
      throw new IllegalArgumentException(
          "expectedConcurrency must be at least 1 but was " + expectedConcurrency);
    }
    headers = completeHeaders(headers);
  }

  /** Returns true if a header of this name carries credentials, so its value must not be shown. */
  static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("auth")
        || lower.contains("key")
        || lower.contains("token")
        || lower.contains("secret")
        || lower.contains("cookie")
        || lower.contains("password");
  }

  @Override
  public String toString() {
    StringJoiner shownHeaders = new StringJoiner(", ", "{", "}");
    headers.forEach(
        (name, value) -> shownHeaders.add(name + "=" + (isSecretHeader(name) ? "***" : value)));
    return "TransportSettings[uri="
        + HttpTransport.loggable(uri)
        + ", headers="
        + shownHeaders
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", totalTimeout="
        + totalTimeout
        + ", expectedConcurrency="
        + expectedConcurrency
        + "]";
  }

  private static void requirePositive(String name, @Nullable Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }

  private static Map<String, String> completeHeaders(Map<String, String> given) {
    Map<String, String> result = new LinkedHashMap<>();
    Map<String, String> namesByLowerCase = new LinkedHashMap<>();
    given.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "header name");
          Objects.requireNonNull(value, "value of header " + name);
          String previous = namesByLowerCase.put(name.toLowerCase(Locale.ROOT), name);
          if (previous != null) {
            // Later entries win, as they would in a map keyed case-insensitively.
            result.remove(previous);
          }
          result.put(name, value);
        });
    if (!namesByLowerCase.containsKey("content-type")) {
      result.put("Content-Type", "application/json");
    }
    if (!namesByLowerCase.containsKey("user-agent")) {
      result.put("User-Agent", USER_AGENT);
    }
    return Collections.unmodifiableMap(result);
  }

  private static String version() {
    String version = TransportSettings.class.getPackage().getImplementationVersion();
    // NOTE: the version comes from the jar manifest's Implementation-Version. Classes run from a
    // build folder (tests, IDEs) have no manifest and report "dev".
    return version == null || version.isBlank() ? "dev" : version;
  }
}
