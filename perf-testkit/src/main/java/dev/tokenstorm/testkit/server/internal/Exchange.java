package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request and the means to respond: writes the status line, headers, bodies and chunked
 * event-stream frames to the socket and records each flushed write in the request's {@link
 * TruthRecorder}. A write's recorded time is taken just before the flush that hands its bytes to
 * the socket, so a client in the same JVM never receives the bytes before that time. Used by one
 * thread at a time.
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

  // Stream headers and events written but not yet flushed; the truth gets them at the flush.
  private int pendingHeadersStatus;
  private EventKind[] pendingKinds = new EventKind[4];
  private int[] pendingTokens = new int[4];
  private int[] pendingReasoning = new int[4];
  private int pendingCount;

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
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    long now = System.nanoTime();
    out.write(headBytes);
    out.write(body, 0, sentBytes);
    out.flush();
    truth.headersWritten(now, status, false);
    truth.event(now, kind, tokens, reasoningTokens);
  }

  /**
   * Writes the headers of a chunked {@code text/event-stream} response.
   *
   * @param flush whether to send them now. When false they go out with the next flush, and the
   *     truth records that flush's time as the header time.
   */
  public void startStream(int status, boolean flush) throws IOException {
    StringBuilder head = statusLine(status);
    header(head, "Content-Type", "text/event-stream; charset=utf-8");
    header(head, "Cache-Control", "no-cache");
    header(head, "Transfer-Encoding", "chunked");
    commonHeaders(head, Map.of());
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    pendingHeadersStatus = status;
    if (flush) {
      flushPending();
    }
  }

  /**
   * Writes one event as one chunk.
   *
   * @param flush whether to send it now; when false it goes out with the next flush, and the truth
   *     records that flush's time for it
   */
  public void writeEvent(byte[] event, EventKind kind, int tokens, int reasoningTokens, boolean flush)
      throws IOException {
    out.write(Integer.toHexString(event.length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(event);
    out.write(CRLF);
    if (pendingCount == pendingKinds.length) {
      pendingKinds = Arrays.copyOf(pendingKinds, pendingCount * 2);
      pendingTokens = Arrays.copyOf(pendingTokens, pendingCount * 2);
      pendingReasoning = Arrays.copyOf(pendingReasoning, pendingCount * 2);
    }
    pendingKinds[pendingCount] = kind;
    pendingTokens[pendingCount] = tokens;
    pendingReasoning[pendingCount] = reasoningTokens;
    pendingCount++;
    if (flush) {
      flushPending();
    }
  }

  /** Writes one event as one chunk and sends it now. */
  public void writeEvent(byte[] event, EventKind kind, int tokens, int reasoningTokens)
      throws IOException {
    writeEvent(event, kind, tokens, reasoningTokens, true);
  }

  /** Writes the last chunk, which ends a chunked body, and sends everything written. */
  public void endStream() throws IOException {
    out.write(LAST_CHUNK);
    flushPending();
  }

  /**
   * Sends everything written and records the headers and events that were waiting for it, with
   * the time taken just before the flush.
   */
  private void flushPending() throws IOException {
    long now = System.nanoTime();
    out.flush();
    if (pendingHeadersStatus != 0) {
      truth.headersWritten(now, pendingHeadersStatus, true);
      pendingHeadersStatus = 0;
    }
    for (int i = 0; i < pendingCount; i++) {
      truth.event(now, pendingKinds[i], pendingTokens[i], pendingReasoning[i]);
    }
    pendingCount = 0;
  }

  /** Returns the buffered socket output, for raw scripts. */
  OutputStream rawOutput() {
    return out;
  }

  /** Flushes the socket output and records the flush as a {@link EventKind#RAW} event. */
  void flushRaw() throws IOException {
    long now = System.nanoTime();
    out.flush();
    truth.event(now, EventKind.RAW, 0, 0);
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
      flushPending();
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
