package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.RequestOutcome;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one TCP connection in order (keep-alive), on its own virtual thread,
 * until the client closes, a response closes the connection, or the server closes.
 */
final class HttpConnection implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  /** Send buffer per connection; kept small because thousands of connections may be open. */
  private static final int OUTPUT_BUFFER_BYTES = 8 * 1024;

  private static final int INPUT_BUFFER_BYTES = 8 * 1024;

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final long connectionId;
  private final ServerContext context;
  private final RequestDispatcher dispatcher;
  private final Runnable onClose;

  HttpConnection(
      Socket socket,
      long connectionId,
      ServerContext context,
      RequestDispatcher dispatcher,
      Runnable onClose) {
    this.socket = socket;
    this.connectionId = connectionId;
    this.context = context;
    this.dispatcher = dispatcher;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      HttpRequestReader reader =
          new HttpRequestReader(new BufferedInputStream(socket.getInputStream(), INPUT_BUFFER_BYTES));
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), OUTPUT_BUFFER_BYTES);
      boolean open = true;
      while (open && !context.closed()) {
        HttpRequest request = readRequest(reader, out);
        open = request != null && serve(request, out);
      }
    } catch (IOException e) {
      if (!context.closed()) {
        log.debug("Connection {} ended: {}", connectionId, e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly();
      onClose.run();
    }
  }

  /** Reads the next request, or returns null when the connection should end. */
  private @Nullable HttpRequest readRequest(HttpRequestReader reader, OutputStream out)
      throws IOException {
    try {
      HttpRequestReader.Head head = reader.readHead();
      if (head == null) {
        return null;
      }
      String expect = head.header("expect");
      if (expect != null && expect.equalsIgnoreCase("100-continue")) {
        out.write(CONTINUE);
        out.flush();
      }
      byte[] body = reader.readBody(head);
      long arrival = System.nanoTime();
      return new HttpRequest(head.method(), head.target(), Router.normalize(head.target()),
          head.version(), head.headers(), body, arrival);
    } catch (BadRequestException e) {
      log.debug("Connection {}: unparseable request: {}", connectionId, e.getMessage());
      String json = OpenAiJson.error(context.mapper(), e.getMessage(), "invalid_request_error", null);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 " + e.status() + " " + StatusReasons.reason(e.status()) + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return null;
    }
  }

  /** Serves one request; returns whether the connection stays open for another. */
  private boolean serve(HttpRequest request, OutputStream out)
      throws IOException, InterruptedException {
    JsonNode json = null;
    String jsonError = null;
    if (request.body().length > 0) {
      try {
        json = context.mapper().readTree(request.body());
      } catch (JsonProcessingException e) {
        jsonError = e.getOriginalMessage();
      }
    }
    TruthRecorder truth = context.truth().begin(connectionId, request, json);
    Exchange exchange =
        new Exchange(socket, out, request, truth, context.profile(), json, jsonError);
    RequestOutcome outcome = RequestOutcome.SERVER_CLOSED;
    try {
      dispatcher.dispatch(exchange);
      outcome = exchange.endedAbnormally()
          ? RequestOutcome.CONNECTION_ENDED_BY_SERVER
          : RequestOutcome.COMPLETED;
      return exchange.keepAlive();
    } catch (IOException e) {
      outcome = context.closed() ? RequestOutcome.SERVER_CLOSED : RequestOutcome.CLIENT_DISCONNECTED;
      throw e;
    } finally {
      truth.complete(System.nanoTime(), outcome);
      context.truth().end();
    }
  }

  /** Closes the socket, for shutdown from another thread. */
  void closeQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("Closing connection {} failed: {}", connectionId, e.toString());
    }
  }
}
