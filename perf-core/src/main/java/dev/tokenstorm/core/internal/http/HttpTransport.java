package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.core.time.PerfClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends plugin requests as HTTP/1.1 {@code POST}s and feeds the responses to the plugin's decoder
 * as their bytes arrive.
 *
 * <p>Each transport owns one {@link HttpClient} whose executor starts a virtual thread per task, and
 * one watchdog thread for read and total timeouts. The client keeps one connection per concurrent
 * exchange and reuses idle ones.
 *
 * <h2>Timing</h2>
 *
 * {@code sentNanos} is read immediately before the request is handed to the client. Every received
 * buffer is stamped with {@link PerfClock#nanoTime()} once, before it is parsed, and each
 * server-sent event carries the stamp of the buffer that completed it. {@code endNanos} is the
 * arrival of the last byte, or the time of the failure.
 *
 * <h2>Responses</h2>
 *
 * <ul>
 *   <li>{@code 200} with content type {@code text/event-stream}: bytes go through
 *       {@link dev.tokenstorm.core.internal.sse.SseParser}, and every event to
 *       {@link ResponseDecoder#onEvent}. A stream that ends before any byte, or in the middle of an
 *       event that cannot be decoded, fails with {@link ErrorKind#CONNECTION}. An unterminated last
 *       event that the decoder accepts (for example a complete JSON payload whose blank line never
 *       came) counts as a normal end.
 *   <li>Any other {@code 200}: the body is collected, decoded as strict UTF-8 and passed to
 *       {@link ResponseDecoder#onBody}.
 *   <li>Other statuses fail with {@link ErrorKind#HTTP_STATUS}, or {@link ErrorKind#RATE_LIMITED}
 *       for 429, with the status, the {@code Retry-After} value and the first
 *       {@value Exchange#MAX_ERROR_BODY_CHARS} characters of the body in the message.
 * </ul>
 *
 * For every {@code 200} response, {@link ResponseDecoder#onEnd} is called exactly once at the end,
 * also when the exchange fails later, unless the decoder threw. Invalid UTF-8 fails the request
 * with {@link ErrorKind#PROTOCOL}, and so does an exception thrown by the decoder.
 *
 * <h2>Threading</h2>
 *
 * {@link #send} may be called from many threads at once. The decoder and the sink are called on
 * the client's threads, one call at a time, and never after {@code send} returns.
 *
 * <h2>Lifecycle</h2>
 *
 * Create one transport per run and {@link #close()} it at the end. Closing aborts exchanges still
 * in flight.
 */
public final class HttpTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  /** Request-body characters shown in the DEBUG log. */
  static final int LOGGED_BODY_CHARS = 500;

  /** Header names the JDK client sets itself and rejects from callers. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** Per-request header names dropped because they describe one hop, not the request. */
  private static final Set<String> HOP_BY_HOP_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailers",
          "transfer-encoding",
          "upgrade");

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final TransportSettings settings;
  private final PerfClock clock;
  private final Map<String, String> runHeaders;
  private final Set<String> runHeaderNames;
  private final Exchange.Timeouts timeouts;
  private final String loggableUri;
  private final ExecutorService executor;
  private final HttpClient client;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates a transport and its client; nothing is connected until the first {@link #send}. */
  public HttpTransport(TransportSettings settings, PerfClock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loggableUri = loggable(settings.uri());
    this.runHeaders = usableRunHeaders(settings.headers());
    this.runHeaderNames =
        runHeaders.keySet().stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.timeouts =
        new Exchange.Timeouts(
            nanosOrZero(settings.connectTimeout()),
            nanosOrZero(settings.readTimeout()),
            settings.totalTimeout().toNanos());

    this.executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tokenstorm-http-", 0).factory());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
    if (settings.connectTimeout() != null) {
      builder.connectTimeout(settings.connectTimeout());
    }
    this.client = builder.build();

    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("tokenstorm-http-watchdog").factory());
    watchdog.setRemoveOnCancelPolicy(true);

    log.debug(
        "HTTP transport for {} created: connectTimeout {}, readTimeout {}, totalTimeout {},"
            + " expected concurrency {}",
        loggableUri,
        FailureMessages.format(settings.connectTimeout()),
        FailureMessages.format(settings.readTimeout()),
        FailureMessages.format(settings.totalTimeout()),
        settings.expectedConcurrency());
  }

  /** Returns the settings this transport was created with. */
  public TransportSettings settings() {
    return settings;
  }

  /**
   * Posts {@code request} and blocks until its response is complete or has failed.
   *
   * <p>Request failures (connection, timeout, HTTP status, protocol, decoder exceptions) do not
   * throw: they are returned in the outcome. Errors the decoder reports through
   * {@link DecodeSink#fail} go to the sink and are not part of the outcome.
   *
   * @param request the body and per-request headers. Run-level headers win on name conflicts, and
   *     hop-by-hop headers such as {@code Host} or {@code Connection} are dropped.
   * @throws InterruptedException if the thread is interrupted. The exchange is aborted first, so
   *     no decoder or sink call happens after this throws.
   * @throws IllegalStateException if the transport is closed
   */
  public ExchangeOutcome send(PluginRequest request, ResponseDecoder decoder, DecodeSink sink)
      throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(sink, "sink");
    if (closed.get()) {
      throw new IllegalStateException("the HTTP transport for " + loggableUri + " is closed");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sending a request to " + loggableUri);
    }
    Exchange exchange = new Exchange(clock, decoder, sink, timeouts, loggableUri);
    HttpRequest httpRequest;
    try {
      httpRequest = buildRequest(request);
    } catch (IllegalArgumentException e) {
      return exchange.failBeforeSend(
          ErrorKind.CLIENT, "the request could not be built: " + e.getMessage());
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "POST {} stream={} body={}",
          loggableUri,
          request.stream(),
          truncate(request.body(), LOGGED_BODY_CHARS));
    }
    inFlight.add(exchange);
    try {
      if (closed.get()) {
        exchange.abort(ErrorKind.CANCELLED, "the HTTP transport was closed");
      } else {
        exchange.start(client, httpRequest, watchdog);
      }
      return exchange.await();
    } catch (InterruptedException e) {
      exchange.abort(ErrorKind.CANCELLED, "the sending thread was interrupted");
      throw e;
    } finally {
      inFlight.remove(exchange);
    }
  }

  /**
   * Aborts exchanges still in flight (they fail with {@link ErrorKind#CANCELLED}), then shuts the
   * client down, waiting at most five seconds. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    int aborted = 0;
    for (Exchange exchange : inFlight) {
      if (exchange.abort(ErrorKind.CANCELLED, "the HTTP transport was closed")) {
        aborted++;
      }
    }
    client.shutdownNow();
    watchdog.shutdownNow();
    try {
      if (!client.awaitTermination(CLOSE_WAIT)) {
        log.warn("HTTP client for {} did not stop within {}", loggableUri, CLOSE_WAIT);
      }
      executor.shutdown();
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("HTTP executor for {} did not stop within {}", loggableUri, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.debug("interrupted while closing the HTTP transport for {}", loggableUri);
    }
    log.debug("HTTP transport for {} closed; {} exchanges aborted", loggableUri, aborted);
  }

  private HttpRequest buildRequest(PluginRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(settings.uri())
            .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    request
        .headers()
        .forEach(
            (name, value) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!HOP_BY_HOP_HEADERS.contains(lower) && !runHeaderNames.contains(lower)) {
                builder.setHeader(name, value);
              }
            });
    runHeaders.forEach(builder::setHeader);
    return builder.build();
  }

  private static Map<String, String> usableRunHeaders(Map<String, String> headers) {
    Map<String, String> usable = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            log.warn(
                "header '{}' is ignored: the HTTP client sets it itself; remove it from the"
                    + " headers",
                name);
          } else {
            usable.put(name, value);
          }
        });
    return Map.copyOf(usable);
  }

  private static long nanosOrZero(@Nullable Duration duration) {
    return duration == null ? 0 : duration.toNanos();
  }

  /** Returns {@code uri} without user info, query or fragment, which may hold secrets. */
  static String loggable(URI uri) {
    StringBuilder text = new StringBuilder();
    if (uri.getScheme() != null) {
      text.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      text.append(uri.getHost());
      if (uri.getPort() >= 0) {
        text.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      text.append(uri.getRawPath());
    }
    return text.length() == 0 ? "<opaque URI>" : text.toString();
  }

  static String truncate(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    return text.substring(0, maxChars) + "... (" + text.length() + " chars)";
  }
}
