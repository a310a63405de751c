package dev.tokenstorm.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.core.internal.http.Recorders.RecordingDecoder;
import dev.tokenstorm.core.internal.http.Recorders.RecordingSink;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.data.Offset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpTransportTest {

  private static final String PATH = "/v1/chat/completions";
  private static final long MILLIS = 1_000_000;

  private final CountDownLatch release = new CountDownLatch(1);
  private final Map<String, String> receivedHeaders = new ConcurrentHashMap<>();
  private final AtomicReference<String> receivedBody = new AtomicReference<>();
  private ExecutorService serverExecutor;
  private HttpServer server;
  private @Nullable HttpTransport transport;

  /**
   * Runs a few exchanges first, so class loading and JIT compilation of the client and server do
   * not delay the first bytes of the timing-sensitive tests by hundreds of milliseconds.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    HttpServer warmServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    warmServer.setExecutor(executor);
    warmServer.createContext(
        PATH,
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          write(out, "data: a\n\n");
          write(out, "data: b\n\n");
          out.close();
          exchange.close();
        });
    warmServer.start();
    URI uri = URI.create("http://127.0.0.1:" + warmServer.getAddress().getPort() + PATH);
    try (HttpTransport warm = new HttpTransport(settingsFor(uri), PerfClock.system())) {
      for (int i = 0; i < 5; i++) {
        warm.send(PluginRequest.of("{}", true), new RecordingDecoder(), new RecordingSink());
      }
    } finally {
      warmServer.stop(0);
      executor.shutdownNow();
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    serverExecutor = Executors.newVirtualThreadPerTaskExecutor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(serverExecutor);
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    if (transport != null) {
      transport.close();
    }
    server.stop(0);
    serverExecutor.shutdownNow();
  }

  @Test
  void streamedEventsCarryArrivalTimesOfTheirBytes() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder();
    List<Long> writeStarts = new CopyOnWriteArrayList<>();
    handle(
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          writeStarts.add(System.nanoTime());
          write(out, "data: one\n\n");
          // Wait until the client has stamped the event, so the pause lies between two arrivals.
          decoder.received.tryAcquire(5, TimeUnit.SECONDS);
          sleep(200);
          writeStarts.add(System.nanoTime());
          write(out, ": keep-alive\n\ndata: two\n\n");
          decoder.received.tryAcquire(5, TimeUnit.SECONDS);
          sleep(200);
          writeStarts.add(System.nanoTime());
          write(out, "data: three\n\ndata: [DONE]\n\n");
          out.close();
        });

    ExchangeOutcome outcome = send(settings(), decoder, new RecordingSink());

    assertThat(outcome.errorKind()).isNull();
    assertThat(outcome.errorMessage()).isNull();
    assertThat(outcome.status()).hasValue(200);
    assertThat(outcome.streamed()).isTrue();
    assertThat(decoder.data()).containsExactly("one", "two", "three", "[DONE]");
    List<Long> arrivals = decoder.events.stream().map(Recorders.Received::arrivalNanos).toList();
    // An event cannot arrive before the server starts writing it, and the server pauses 200 ms
    // after the client stamped the previous event: stamps mark the arrival of each event's bytes.
    assertThat(arrivals.get(0)).isGreaterThanOrEqualTo(writeStarts.get(0));
    assertThat(arrivals.get(1)).isGreaterThanOrEqualTo(writeStarts.get(1));
    assertThat(arrivals.get(2)).isGreaterThanOrEqualTo(writeStarts.get(2));
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(200 * MILLIS);
    assertThat(arrivals.get(2) - arrivals.get(1)).isGreaterThanOrEqualTo(200 * MILLIS);
    assertThat(arrivals.get(3)).isEqualTo(arrivals.get(2));
    assertThat(outcome.headersNanos()).isPresent();
    assertThat(outcome.headersNanos().getAsLong()).isBetween(outcome.sentNanos(), arrivals.get(0));
    assertThat(outcome.endNanos()).isEqualTo(arrivals.get(3));
    assertThat(decoder.ends.get()).isEqualTo(1);
    assertThat(decoder.endNanos).isEqualTo(outcome.endNanos());
    assertThat(outcome.bodyBytes())
        .isEqualTo("data: one\n\n: keep-alive\n\ndata: two\n\ndata: three\n\ndata: [DONE]\n\n".length());
    assertThat(outcome.wallStartMillis())
        .isCloseTo(System.currentTimeMillis(), Offset.offset(10_000L));
  }

  @Test
  void requestCarriesBodyAndMergedHeaders() throws Exception {
    handle(
        exchange -> {
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> receivedHeaders.put(name.toLowerCase(), values.get(0)));
          receivedBody.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          respond(exchange, 200, "application/json", "{}");
        });
    TransportSettings settings =
        new TransportSettings(
            uri(), Map.of("Authorization", "Bearer run-key"), null, null, Duration.ofSeconds(5), 1);
    PluginRequest request =
        new PluginRequest(
            "{\"prompt\":\"h\u00e9\"}",
            Map.of("X-Trace", "t-1", "authorization", "Bearer request-key", "Connection", "close"),
            false,
            "r-1");

    ExchangeOutcome outcome = send(settings, request, new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isNull();
    assertThat(receivedBody.get()).isEqualTo("{\"prompt\":\"h\u00e9\"}");
    assertThat(receivedHeaders)
        .containsEntry("content-type", "application/json")
        .containsEntry("authorization", "Bearer run-key")
        .containsEntry("x-trace", "t-1")
        .containsEntry("user-agent", TransportSettings.USER_AGENT);
    assertThat(receivedHeaders.get("connection")).isNotEqualTo("close");
  }

  @Test
  void nonStreamedBodyGoesToOnBody() throws Exception {
    handle(exchange -> respond(exchange, 200, "application/json; charset=utf-8", "{\"a\":\"\u00e9\"}"));
    RecordingDecoder decoder = new RecordingDecoder();

    ExchangeOutcome outcome = send(settings(), decoder, new RecordingSink());

    assertThat(outcome.errorKind()).isNull();
    assertThat(outcome.streamed()).isFalse();
    assertThat(decoder.bodies).containsExactly("{\"a\":\"\u00e9\"}");
    assertThat(decoder.contentTypes).containsExactly("application/json; charset=utf-8");
    assertThat(decoder.ends.get()).isEqualTo(1);
    assertThat(outcome.bodyBytes()).isEqualTo(10);
  }

  @Test
  void invalidUtf8InBodyFailsWithProtocol() throws Exception {
    handle(
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 4);
          exchange.getResponseBody().write(new byte[] {'{', (byte) 0xC3, '}', ' '});
          exchange.close();
        });
    RecordingDecoder decoder = new RecordingDecoder();

    ExchangeOutcome outcome = send(settings(), decoder, new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(outcome.errorMessage())
        .isEqualTo("the response body is not valid UTF-8: invalid byte at offset 1");
    assertThat(decoder.bodies).isEmpty();
  }

  @Test
  void invalidUtf8InStreamFailsWithProtocolNamingOffset() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          write(out, "data: ok\n\n");
          out.write(new byte[] {'d', 'a', 't', 'a', ':', (byte) 0xFF, '\n', '\n'});
          out.close();
        });
    RecordingDecoder decoder = new RecordingDecoder();

    ExchangeOutcome outcome = send(settings(), decoder, new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(outcome.errorMessage()).contains("invalid UTF-8 at byte offset 15");
    assertThat(decoder.data()).containsExactly("ok");
  }

  @Test
  void serverErrorFailsWithStatusAndBody() throws Exception {
    handle(exchange -> respond(exchange, 500, "application/json", "{\"error\":\"model crashed\"}\n"));
    RecordingDecoder decoder = new RecordingDecoder();

    ExchangeOutcome outcome = send(settings(), decoder, new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.HTTP_STATUS);
    assertThat(outcome.errorMessage())
        .isEqualTo("HTTP 500 Internal Server Error: {\"error\":\"model crashed\"}");
    assertThat(outcome.status()).hasValue(500);
    assertThat(decoder.ends.get()).isZero();
  }

  @Test
  void rateLimitIncludesRetryAfter() throws Exception {
    handle(
        exchange -> {
          exchange.getResponseHeaders().set("Retry-After", "2");
          respond(exchange, 429, "application/json", "{\"error\":\"slow down\"}");
        });

    ExchangeOutcome outcome = send(settings(), new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(outcome.errorMessage())
        .isEqualTo("HTTP 429 Too Many Requests (Retry-After: 2): {\"error\":\"slow down\"}");
  }

  @Test
  void longErrorBodyIsTruncated() throws Exception {
    String body = "x".repeat(20_000);
    handle(exchange -> respond(exchange, 400, "text/plain", body));

    ExchangeOutcome outcome = send(settings(), new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.HTTP_STATUS);
    assertThat(outcome.errorMessage())
        .isEqualTo(
            "HTTP 400 Bad Request: " + "x".repeat(2000) + "... (truncated, 20000 bytes in total)");
    assertThat(outcome.bodyBytes()).isEqualTo(20_000);
  }

  @Test
  void connectionRefusedFailsWithConnection() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TransportSettings settings =
        new TransportSettings(
            URI.create("http://127.0.0.1:" + closedPort + PATH),
            Map.of(),
            Duration.ofSeconds(2),
            null,
            Duration.ofSeconds(5),
            1);

    ExchangeOutcome outcome = send(settings, new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(outcome.errorMessage())
        .startsWith("connection to http://127.0.0.1:" + closedPort + PATH + " failed: ")
        .containsIgnoringCase("refused");
    assertThat(outcome.status()).isEmpty();
    assertThat(outcome.headersNanos()).isEmpty();
  }

  @Test
  void fullListenBacklogHitsConnectTimeout() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket unaccepted = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), unaccepted.getLocalPort());
      // Linux drops new connection attempts once the accept queue of a socket that never
      // accepts is full, so the next connect hangs until the client gives up.
      boolean backlogFull = false;
      for (int i = 0; i < 8 && !backlogFull; i++) {
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(address, 200);
        } catch (SocketTimeoutException e) {
          backlogFull = true;
        }
      }
      assumeTrue(backlogFull, "this system accepted every connection; no way to stall a connect");
      TransportSettings settings =
          new TransportSettings(
              URI.create("http://127.0.0.1:" + address.getPort() + PATH),
              Map.of(),
              Duration.ofMillis(300),
              null,
              Duration.ofSeconds(10),
              1);

      ExchangeOutcome outcome = send(settings, new RecordingDecoder(), new RecordingSink());

      assertThat(outcome.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "connect timeout expired: no connection to http://127.0.0.1:"
                  + address.getPort()
                  + PATH
                  + " within connectTimeout (300 ms)");
    } finally {
      for (Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void stalledStreamHitsReadTimeout() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          write(exchange.getResponseBody(), "data: one\n\n");
          awaitRelease();
        });
    TransportSettings settings =
        new TransportSettings(uri(), Map.of(), null, Duration.ofMillis(700), Duration.ofSeconds(10), 1);
    RecordingDecoder decoder = new RecordingDecoder();
    long start = System.nanoTime();

    ExchangeOutcome outcome = send(settings, decoder, new RecordingSink());

    long elapsed = System.nanoTime() - start;
    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(outcome.errorMessage())
        .startsWith("read timeout expired: no bytes for ")
        .contains("while reading the response body")
        .endsWith("(readTimeout 700 ms)");
    assertThat(decoder.data()).containsExactly("one");
    assertThat(elapsed).isBetween(700 * MILLIS, 3_000 * MILLIS);
    assertThat(outcome.endNanos() - decoder.events.get(0).arrivalNanos())
        .isGreaterThanOrEqualTo(700 * MILLIS);
    assertThat(decoder.ends.get()).isEqualTo(1);
  }

  @Test
  void slowHeadersHitReadTimeout() throws Exception {
    handle(
        exchange -> {
          awaitRelease();
          respond(exchange, 200, "application/json", "{}");
        });
    TransportSettings settings =
        new TransportSettings(uri(), Map.of(), null, Duration.ofMillis(200), Duration.ofSeconds(10), 1);

    ExchangeOutcome outcome = send(settings, new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(outcome.errorMessage()).contains("while waiting for the response");
    assertThat(outcome.status()).isEmpty();
  }

  @Test
  void steadyStreamHitsTotalTimeout() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < 100 && release.getCount() > 0; i++) {
            write(out, "data: tick\n\n");
            sleep(50);
          }
          out.close();
        });
    TransportSettings settings =
        new TransportSettings(uri(), Map.of(), null, null, Duration.ofMillis(700), 1);
    RecordingDecoder decoder = new RecordingDecoder();
    long start = System.nanoTime();

    ExchangeOutcome outcome = send(settings, decoder, new RecordingSink());

    long elapsed = System.nanoTime() - start;
    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(outcome.errorMessage())
        .startsWith("total timeout expired: the exchange was still running after ")
        .endsWith("(totalTimeout 700 ms)");
    assertThat(elapsed).isBetween(690 * MILLIS, 3_000 * MILLIS);
    assertThat(outcome.endNanos() - outcome.sentNanos()).isGreaterThanOrEqualTo(700 * MILLIS);
    assertThat(decoder.events).isNotEmpty();
  }

  @Test
  void serverClosingMidStreamFailsWithConnection() throws Exception {
    byte[] response =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("data: one\n\n")
                + chunk("data: {\"partial"));
    try (RawServer raw = new RawServer(response, false)) {
      RecordingDecoder decoder = new RecordingDecoder();

      ExchangeOutcome outcome = send(settingsFor(raw.uri()), decoder, new RecordingSink());

      assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
      assertThat(outcome.errorMessage())
          .startsWith("connection failed while reading the response body: ");
      assertThat(decoder.data()).containsExactly("one");
    }
  }

  @Test
  void connectionResetMidStreamFailsWithConnection() throws Exception {
    byte[] response =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("data: one\n\n"));
    try (RawServer raw = new RawServer(response, true)) {
      ExchangeOutcome outcome =
          send(settingsFor(raw.uri()), new RecordingDecoder(), new RecordingSink());

      assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
    }
  }

  @Test
  void streamClosedInsideUndecodableEventFailsWithConnection() throws Exception {
    byte[] response =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "data: {\"a\":1}\n\ndata: {\"cut");
    try (RawServer raw = new RawServer(response, false)) {
      RecordingSink sink = new RecordingSink();

      ExchangeOutcome outcome = send(settingsFor(raw.uri()), new RecordingDecoder(), sink);

      assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "the event stream ended in the middle of an event: the last event had no"
                  + " terminating blank line and could not be decoded");
      assertThat(sink.malformed).hasSize(1);
    }
  }

  @Test
  void unterminatedCompleteLastEventIsKept() throws Exception {
    byte[] response =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "data: {\"a\":1}\n\ndata: {\"b\":2}");
    try (RawServer raw = new RawServer(response, false)) {
      RecordingDecoder decoder = new RecordingDecoder();

      ExchangeOutcome outcome = send(settingsFor(raw.uri()), decoder, new RecordingSink());

      assertThat(outcome.errorKind()).isNull();
      assertThat(decoder.data()).containsExactly("{\"a\":1}", "{\"b\":2}");
    }
  }

  @Test
  void streamEndingInsideEventWithoutDataFailsWithConnection() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          write(out, "data: one\n\nevent: delta\n");
          out.close();
        });

    ExchangeOutcome outcome = send(settings(), new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(outcome.errorMessage())
        .isEqualTo("the event stream ended in the middle of an event that had no data line");
  }

  @Test
  void emptyEventStreamFailsWithConnection() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          exchange.getResponseBody().close();
        });

    ExchangeOutcome outcome = send(settings(), new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(outcome.errorMessage()).isEqualTo("the event stream ended before any data arrived");
    assertThat(outcome.status()).hasValue(200);
  }

  @Test
  void decoderExceptionFailsOnlyThatRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    handle(
        exchange -> {
          startEventStream(exchange);
          OutputStream out = exchange.getResponseBody();
          if (requests.getAndIncrement() == 0) {
            write(out, "data: one\n\ndata: boom\n\ndata: after\n\n");
          } else {
            write(out, "data: one\n\ndata: after\n\n");
          }
          out.close();
        });
    RecordingDecoder decoder = new RecordingDecoder();

    ExchangeOutcome failed = send(settings(), decoder, new RecordingSink());
    RecordingDecoder nextDecoder = new RecordingDecoder();
    ExchangeOutcome next = transport.send(PluginRequest.of("{}", true), nextDecoder, new RecordingSink());

    assertThat(failed.errorKind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(failed.errorMessage())
        .isEqualTo("the response decoder failed: IllegalStateException: boom");
    assertThat(decoder.data()).containsExactly("one");
    assertThat(decoder.ends.get()).isZero();
    assertThat(next.errorKind()).isNull();
    assertThat(nextDecoder.data()).containsExactly("one", "after");
  }

  @Test
  void interruptDuringStalledStreamThrowsPromptly() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          write(exchange.getResponseBody(), "data: one\n\n");
          awaitRelease();
        });
    transport = new HttpTransport(settings(), PerfClock.system());
    RecordingDecoder decoder = new RecordingDecoder();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    transport.send(PluginRequest.of("{}", true), decoder, new RecordingSink());
                    thrown.complete(null);
                  } catch (Throwable t) {
                    thrown.complete(t);
                  }
                });
    assertThat(decoder.firstEvent.await(5, TimeUnit.SECONDS)).isTrue();
    long interruptedAt = System.nanoTime();

    sender.interrupt();

    Throwable result = thrown.get(5, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(InterruptedException.class);
    assertThat(System.nanoTime() - interruptedAt).isLessThan(2_000 * MILLIS);
    assertThat(decoder.ends.get()).isEqualTo(1);
  }

  @Test
  void alreadyInterruptedThreadSendsNothing() throws Exception {
    handle(exchange -> respond(exchange, 200, "application/json", "{}"));
    transport = new HttpTransport(settings(), PerfClock.system());
    Thread.currentThread().interrupt();

    assertThatThrownBy(
            () -> transport.send(PluginRequest.of("{}", false), new RecordingDecoder(), new RecordingSink()))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void closeAbortsExchangesInFlight() throws Exception {
    handle(
        exchange -> {
          startEventStream(exchange);
          write(exchange.getResponseBody(), "data: one\n\n");
          awaitRelease();
        });
    HttpTransport closing = new HttpTransport(settings(), PerfClock.system());
    RecordingDecoder decoder = new RecordingDecoder();
    CompletableFuture<ExchangeOutcome> outcome = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                outcome.complete(
                    closing.send(PluginRequest.of("{}", true), decoder, new RecordingSink()));
              } catch (Throwable t) {
                outcome.completeExceptionally(t);
              }
            });
    assertThat(decoder.firstEvent.await(5, TimeUnit.SECONDS)).isTrue();

    closing.close();
    closing.close();

    assertThat(outcome.get(5, TimeUnit.SECONDS).errorKind()).isEqualTo(ErrorKind.CANCELLED);
    assertThatThrownBy(
            () -> closing.send(PluginRequest.of("{}", true), decoder, new RecordingSink()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidHeaderValueFailsWithClient() throws Exception {
    transport = new HttpTransport(settings(), PerfClock.system());
    PluginRequest request = new PluginRequest("{}", Map.of("X-Bad", "a\r\nb"), false, null);

    ExchangeOutcome outcome = transport.send(request, new RecordingDecoder(), new RecordingSink());

    assertThat(outcome.errorKind()).isEqualTo(ErrorKind.CLIENT);
    assertThat(outcome.errorMessage()).startsWith("the request could not be built: ");
  }

  @Test
  void settingsAddDefaultHeadersAndMaskSecrets() {
    TransportSettings settings =
        new TransportSettings(
            uri(),
            Map.of("Authorization", "Bearer sk-secret", "content-type", "application/json; x=1"),
            null,
            null,
            Duration.ofSeconds(1),
            4);

    assertThat(settings.headers())
        .containsEntry("content-type", "application/json; x=1")
        .containsEntry("User-Agent", TransportSettings.USER_AGENT)
        .doesNotContainKey("Content-Type");
    assertThat(settings.toString()).doesNotContain("sk-secret").contains("Authorization=***");
  }

  @Test
  void settingsRejectInvalidValues() {
    assertThatThrownBy(
            () -> new TransportSettings(URI.create("ftp://h/x"), Map.of(), null, null, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must start with http:// or https:// but was ftp://h/x");
    assertThatThrownBy(
            () -> new TransportSettings(uri(), Map.of(), null, Duration.ZERO, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be positive but was PT0S");
    assertThatThrownBy(
            () -> new TransportSettings(uri(), Map.of(), null, null, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedConcurrency must be at least 1 but was 0");
  }

  // ---------------------------------------------------------------- helpers

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private void handle(Handler handler) {
    HttpHandler wrapped =
        exchange -> {
          try {
            handler.handle(exchange);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // The client went away, as several tests intend.
          } finally {
            exchange.close();
          }
        };
    server.createContext(PATH, wrapped);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  private TransportSettings settings() {
    return settingsFor(uri());
  }

  private static TransportSettings settingsFor(URI uri) {
    return new TransportSettings(uri, Map.of(), Duration.ofSeconds(2), null, Duration.ofSeconds(10), 1);
  }

  private ExchangeOutcome send(TransportSettings settings, RecordingDecoder decoder, RecordingSink sink)
      throws InterruptedException {
    return send(settings, PluginRequest.of("{}", true), decoder, sink);
  }

  private ExchangeOutcome send(
      TransportSettings settings, PluginRequest request, RecordingDecoder decoder, RecordingSink sink)
      throws InterruptedException {
    transport = new HttpTransport(settings, PerfClock.system());
    return transport.send(request, decoder, sink);
  }

  private static void startEventStream(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void awaitRelease() throws InterruptedException {
    release.await(10, TimeUnit.SECONDS);
  }

  private static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String chunk(String text) {
    return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
  }
}
