package dev.tokenstorm.datasets.internal.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ModelScope hub on 127.0.0.1 that serves the dataset API's URL layout: dataset info, the
 * paginated file tree with sizes and SHA-256, and file downloads with HTTP range support. It
 * records every request and can cut a download short to test resuming.
 */
public final class FakeModelScope implements AutoCloseable {

  /** A file the hub serves. */
  public record HubFile(byte[] bytes, String listedSha256) {}

  private final HttpServer server;
  private final String namespace;
  private final String name;
  private final Map<String, HubFile> files = new LinkedHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger cutNextDownloadsAfterBytes = new AtomicInteger(-1);
  private final AtomicInteger cutsLeft = new AtomicInteger();
  private volatile int pageSize = 100;

  /** Starts a hub serving dataset {@code namespace/name} on a free port of 127.0.0.1. */
  public FakeModelScope(String namespace, String name) throws IOException {
    this.namespace = namespace;
    this.name = name;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Adds a file whose listing carries its real SHA-256. */
  public FakeModelScope file(String path, byte[] bytes) {
    files.put(path, new HubFile(bytes, sha256(bytes)));
    return this;
  }

  /** Adds a file whose listing carries {@code listedSha256}. */
  public FakeModelScope fileWithListedSha(String path, byte[] bytes, String listedSha256) {
    files.put(path, new HubFile(bytes, listedSha256));
    return this;
  }

  /** Makes the next {@code count} downloads close the connection after {@code bytes} bytes. */
  public void cutDownloads(int count, int bytes) {
    cutsLeft.set(count);
    cutNextDownloadsAfterBytes.set(bytes);
  }

  /** Sets how many files a page of the file tree lists. */
  public void pageSize(int value) {
    pageSize = value;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Returns each request as {@code METHOD path?query [Range: ...]}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String range = exchange.getRequestHeaders().getFirst("Range");
      requests.add(exchange.getRequestMethod() + " " + uri.getRawPath()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
          + (range == null ? "" : " [Range: " + range + "]"));
      String path = uri.getRawPath();
      Map<String, String> query = query(uri.getRawQuery());
      if (path.equals("/api/v1/datasets/" + namespace + "/" + name)) {
        json(exchange, 200, "{\"Code\":200,\"Data\":{\"Id\":4242,\"Type\":0},\"Success\":true}");
      } else if (path.equals("/api/v1/datasets/4242/repo/tree")) {
        json(exchange, 200, tree(Integer.parseInt(query.getOrDefault("PageNumber", "1"))));
      } else if (path.equals("/api/v1/datasets/" + namespace + "/" + name + "/repo")) {
        download(exchange, query.get("FilePath"), range);
      } else {
        json(exchange, 404, "{\"Code\":10010101004,\"Message\":\"dataset not found\","
            + "\"Success\":false}");
      }
    }
  }

  private String tree(int page) {
    List<Map.Entry<String, HubFile>> entries = List.copyOf(files.entrySet());
    int from = Math.min((page - 1) * pageSize, entries.size());
    int to = Math.min(from + pageSize, entries.size());
    StringBuilder list = new StringBuilder();
    if (page == 1) {
      list.append("{\"Name\":\"test\",\"Path\":\"test\",\"Type\":\"tree\",\"Size\":0},");
    }
    for (Map.Entry<String, HubFile> entry : entries.subList(from, to)) {
      String path = entry.getKey();
      list.append("{\"Name\":\"").append(path.substring(path.lastIndexOf('/') + 1))
          .append("\",\"Path\":\"").append(path).append("\",\"Type\":\"blob\",\"Size\":")
          .append(entry.getValue().bytes().length).append(",\"Sha256\":\"")
          .append(entry.getValue().listedSha256()).append("\"},");
    }
    if (list.length() > 0) {
      list.setLength(list.length() - 1);
    }
    return "{\"Code\":200,\"Data\":{\"Files\":[" + list + "]},\"Success\":true}";
  }

  private void download(HttpExchange exchange, String filePath, String range) throws IOException {
    HubFile file = filePath == null ? null : files.get(filePath);
    if (file == null) {
      json(exchange, 404, "{\"Code\":404,\"Message\":\"file not found\"}");
      return;
    }
    byte[] bytes = file.bytes();
    int start = 0;
    if (range != null && range.startsWith("bytes=")) {
      start = Integer.parseInt(range.substring(6, range.indexOf('-')));
      if (start >= bytes.length) {
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Range",
          "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
    }
    int length = bytes.length - start;
    exchange.sendResponseHeaders(range != null ? 206 : 200, length);
    OutputStream body = exchange.getResponseBody();
    int cutAfter = cutsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0
        ? cutNextDownloadsAfterBytes.get() : -1;
    if (cutAfter >= 0 && cutAfter < length) {
      body.write(bytes, start, cutAfter);
      body.flush();
      // Failing before the announced length is written makes the server drop the connection.
      throw new IOException("cut the download short on purpose");
    }
    body.write(bytes, start, length);
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  /** Returns the hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
