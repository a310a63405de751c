package dev.tokenstorm.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * A small client for the tests: JSON posts and a streaming reader that stamps each event with its
 * arrival time. Uses {@link HttpClient} over HTTP/1.1, or a plain socket where the exact bytes
 * matter.
 */
final class TestClient implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .build();

  /** One event as the client saw it. */
  record ClientEvent(String data, long arrivalNanos) {
    boolean isDone() {
      return data.equals("[DONE]");
    }

    JsonNode json() throws IOException {
      return MAPPER.readTree(data);
    }

    /** Returns whether the event carries content, reasoning or completion text. */
    boolean carriesText() {
      try {
        JsonNode node = json();
        JsonNode choice = node.path("choices").path(0);
        return !choice.path("delta").path("content").asText("").isEmpty()
            || !choice.path("delta").path("reasoning_content").asText("").isEmpty()
            || !choice.path("text").asText("").isEmpty();
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** A streamed response: status, header time, events and raw body. */
  record Streamed(int status, long sentNanos, long headersNanos, List<ClientEvent> events, byte[] body) {
    List<ClientEvent> textEvents() {
      return events.stream().filter(ClientEvent::carriesText).toList();
    }
  }

  HttpResponse<String> postJson(String url, String body) throws IOException, InterruptedException {
    return http.send(request(url, body), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> postJsonAsync(String url, String body) {
    return http.sendAsync(request(url, body), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> postForBytes(String url, String body)
      throws IOException, InterruptedException {
    return http.send(request(url, body), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Posts {@code body} and reads the event stream, stamping each event when its last byte arrived. */
  Streamed stream(String url, String body) throws IOException, InterruptedException {
    return stream(url, body, new ArrayList<>());
  }

  /**
   * Like {@link #stream(String, String)}, adding events to {@code events} as they arrive, so the
   * caller sees those read before an exception.
   */
  Streamed stream(String url, String body, List<ClientEvent> events)
      throws IOException, InterruptedException {
    long sent = System.nanoTime();
    HttpResponse<InputStream> response =
        http.send(request(url, body), HttpResponse.BodyHandlers.ofInputStream());
    long headers = System.nanoTime();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (InputStream in = response.body()) {
      readEvents(in, events, all);
    }
    return new Streamed(response.statusCode(), sent, headers, events, all.toByteArray());
  }

  /**
   * Reads {@code \n\n}-separated events; each event's {@code data:} lines joined with {@code \n}.
   * Partial data read before an exception stays in {@code events}.
   */
  static void readEvents(InputStream in, List<ClientEvent> events, ByteArrayOutputStream all)
      throws IOException {
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    boolean lastWasNewline = false;
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      long now = System.nanoTime();
      all.write(buffer, 0, n);
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n' && lastWasNewline) {
          addEvent(pending.toString(StandardCharsets.UTF_8), now, events);
          pending.reset();
          lastWasNewline = false;
          continue;
        }
        pending.write(b);
        lastWasNewline = b == '\n';
      }
    }
  }

  private static void addEvent(String text, long arrivalNanos, List<ClientEvent> events) {
    StringBuilder data = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("data:")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    if (!data.isEmpty()) {
      events.add(new ClientEvent(data.toString(), arrivalNanos));
    }
  }

  /**
   * Sends a raw HTTP/1.1 request with {@code Connection: close} over a new socket and returns every
   * byte until the server closes.
   */
  static byte[] rawExchange(int port, String path, String body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Connection: close\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return socket.getInputStream().readAllBytes();
    }
  }

  static String chatBody(boolean stream, boolean includeUsage) {
    return "{\"model\":\"simulated-model\",\"stream\":" + stream
        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
  }

  private static HttpRequest request(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Override
  public void close() {
    http.close();
  }
}
