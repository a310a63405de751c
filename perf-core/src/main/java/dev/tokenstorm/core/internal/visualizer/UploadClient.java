package dev.tokenstorm.core.internal.visualizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request at a time to a tracking service and decodes its JSON reply.
 *
 * <p>Connect and response timeouts are short (5 s and 10 s by default) so that an unreachable
 * service costs a sink at most a few seconds per upload. There are no retries, because the sink
 * decides what to skip after failures. Each sink has its own client and calls it from its writer
 * thread only.
 */
final class UploadClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UploadClient.class);

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_LOGGED_BODY_CHARS = 300;

  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper mapper = new ObjectMapper();

  UploadClient() {
    this(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  UploadClient(Duration connectTimeout, Duration requestTimeout) {
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.requestTimeout = requestTimeout;
  }

  /** A decoded reply: the HTTP status and the JSON body ({@link MissingNode} when not JSON). */
  record Reply(int status, JsonNode body) {}

  /** Serializes {@code value} as JSON text. */
  String toJson(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** Posts {@code body} as {@code application/json} and accepts only 2xx replies. */
  Reply postJson(URI uri, Map<String, String> headers, Object body)
      throws UploadException, InterruptedException {
    return send("POST", uri, headers, "application/json", toJson(body), Set.of());
  }

  /**
   * Sends one request.
   *
   * @param method the HTTP method
   * @param headers headers to add; values may hold credentials and are never logged
   * @param contentType the body's media type, or null when there is no body
   * @param body the body text (UTF-8), or null
   * @param alsoAccepted non-2xx statuses that count as success, such as 409 for "already exists"
   * @throws UploadException on a transport error, a timeout or a status that is not accepted
   */
  Reply send(String method, URI uri, Map<String, String> headers, @Nullable String contentType,
      @Nullable String body, Set<Integer> alsoAccepted)
      throws UploadException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    headers.forEach(request::header);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.header("Accept", "application/json");
    request.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));

    HttpResponse<String> response = exchange(request.build(), uri);
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if ((status < 200 || status > 299) && !alsoAccepted.contains(status)) {
      log.debug("{} {} returned HTTP {}: {}", method, loggable(uri), status, excerpt(text));
      throw new UploadException("HTTP " + status + " from " + loggable(uri));
    }
    return new Reply(status, parse(text));
  }

  private HttpResponse<String> exchange(HttpRequest request, URI uri)
      throws UploadException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new UploadException("connection to " + loggable(uri) + " timed out", e);
    } catch (HttpTimeoutException e) {
      throw new UploadException("no response from " + loggable(uri) + " within "
          + requestTimeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      throw new UploadException("connection to " + loggable(uri) + " failed: "
          + describe(e), e);
    } catch (IOException e) {
      throw new UploadException("request to " + loggable(uri) + " failed: " + describe(e), e);
    }
  }

  private JsonNode parse(String text) {
    if (text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /** Returns {@code base} followed by {@code path}, keeping any path prefix of {@code base}. */
  static URI join(URI base, String path) {
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + path);
  }

  /** Returns {@code uri} without its query string and user info, safe to put in messages. */
  static String loggable(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? ""
        : uri.getRawPath());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + " " + message;
  }

  private static String excerpt(String text) {
    return text.length() <= MAX_LOGGED_BODY_CHARS ? text
        : text.substring(0, MAX_LOGGED_BODY_CHARS) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
