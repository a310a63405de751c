package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request and the means to respond: writes the status line, headers, bodies and chunked
 * event-stream frames to the socket, flushing where the truth needs a timestamp, and records each
 * write in the request's {@link TruthRecorder}. Used by one thread at a time.
 */
public final class Exchange {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final OutputStream out;
  private final HttpRequest request;
  private final TruthRecorder truth;
  private final GenerationProfile profile;
  private final @Nullable JsonNode json;
  private final @Nullable String jsonError;
  private final boolean clientKeepAlive;
  private boolean connectionEnded;
  private boolean endedAbnormally;

  Exchange(
      Socket socket,
      OutputStream out,
      HttpRequest request,
      TruthRecorder truth,
      GenerationProfile profile,
      @Nullable JsonNode json,
      @Nullable String jsonError) {
    this.socket = socket;
    this.out = out;
    this.request = request;
    this.truth = truth;
    this.profile = profile;
    this.json = json;
    this.jsonError = jsonError;
    this.clientKeepAlive = request.keepAlive();
  }

  /** Returns the request. */
  public HttpRequest request() {
    return request;
  }

  /** Returns the request's truth recorder. */
  public TruthRecorder truth() {
    return truth;
  }

  /** Returns the generation profile in force when the request arrived. */
  public GenerationProfile profile() {
    return profile;
  }

  /** Returns the parsed JSON body, or null when the body is empty or not valid JSON. */
  public @Nullable JsonNode json() {
    return json;
  }

  /** Returns why the body is not valid JSON, or null when it is valid or empty. */
  public @Nullable String jsonError() {
    return jsonError;
  }

  /** Returns whether the connection can serve another request after this one. */
  boolean keepAlive() {
    return clientKeepAlive && !connectionEnded;
  }

  /** Returns whether a fault or raw script reset or closed the connection early. */
  boolean endedAbnormally() {
    return endedAbnormally;
  }

  /**
   * Writes a complete response with a {@code Content-Length} body in one flush and records the
   * headers and the body (as one event of {@code kind}) at the flush time.
   */
  public void sendBody(
      int status,
      String contentType,
      byte[] body,
      Map<String, String> extraHeaders,
      EventKind kind,
      int tokens,
      int reasoningTokens)
      throws IOException {
    sendPartialBody(status, contentType, body, body.length, extraHeaders, kind, tokens, reasoningTokens);
  }

  /**
   * Writes headers announcing {@code body.length} bytes but only the first {@code sentBytes} of
   * the body, in one flush. The caller then ends the connection.
   */
  public void sendPartialBody(
      int status,
      String contentType,
      byte[] body,
      int sentBytes,
      Map<String, String> extraHeaders,
      EventKind kind,
      int tokens,
      int reasoningTokens)
      throws IOException {
    StringBuilder head = statusLine(status);
    header(head, "Content-Type", contentType);
    header(head, "Content-Length", Integer.toString(body.length));
    commonHeaders(head, extraHeaders);
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body, 0, sentBytes);
    out.flush();
    long now = System.nanoTime();
    truth.headersWritten(now, status, false);
    truth.event(now, kind, tokens, reasoningTokens);
  }

  /** Writes and flushes the headers of a chunked {@code text/event-stream} response. */
  public void startStream(int status) throws IOException {
    StringBuilder head = statusLine(status);
    header(head, "Content-Type", "text/event-stream; charset=utf-8");
    header(head, "Cache-Control", "no-cache");
    header(head, "Transfer-Encoding", "chunked");
    commonHeaders(head, Map.of());
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    truth.headersWritten(System.nanoTime(), status, true);
  }

  /** Writes one event as one chunk, flushes it and records it. */
  public void writeEvent(byte[] event, EventKind kind, int tokens, int reasoningTokens)
      throws IOException {
    out.write(Integer.toHexString(event.length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(event);
    out.write(CRLF);
    out.flush();
    truth.event(System.nanoTime(), kind, tokens, reasoningTokens);
  }

  /** Writes and flushes the last chunk, which ends a chunked body. */
  public void endStream() throws IOException {
    out.write(LAST_CHUNK);
    out.flush();
  }

  /** Returns the buffered socket output, for raw scripts. */
  OutputStream rawOutput() {
    return out;
  }

  /** Flushes the socket output and records the flush as a {@link EventKind#RAW} event. */
  void flushRaw() throws IOException {
    out.flush();
    truth.event(System.nanoTime(), EventKind.RAW, 0, 0);
  }

  /** Drops unsent bytes and resets the connection with a TCP RST. */
  public void resetConnection() throws IOException {
    connectionEnded = true;
    endedAbnormally = true;
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Flushes, then closes the connection with a TCP FIN.
   *
   * @param abnormal whether the close cuts the response short (a fault) rather than ending it
   */
  public void closeConnection(boolean abnormal) throws IOException {
    connectionEnded = true;
    endedAbnormally |= abnormal;
    try {
      out.flush();
      // Shutting down output first sends the FIN even if unread request bytes would otherwise
      // make close() send a RST.
      socket.shutdownOutput();
    } finally {
      socket.close();
    }
  }

  private StringBuilder statusLine(int status) {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(StatusReasons.reason(status));
    head.append("\r\n");
    return head;
  }

  private void commonHeaders(StringBuilder head, Map<String, String> extraHeaders) {
    header(head, "x-request-id", "sim-" + truth.index());
    for (Map.Entry<String, String> extra : extraHeaders.entrySet()) {
      header(head, extra.getKey(), extra.getValue());
    }
    header(head, "Connection", clientKeepAlive ? "keep-alive" : "close");
    head.append("\r\n");
  }

  private static void header(StringBuilder head, String name, String value) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
}
