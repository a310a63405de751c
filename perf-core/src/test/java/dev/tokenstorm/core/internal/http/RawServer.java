package dev.tokenstorm.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A one-connection HTTP server on 127.0.0.1 that writes scripted raw bytes, for responses the JDK
 * server cannot produce: a chunked body cut off mid-stream, or a body ended by closing the
 * connection.
 */
final class RawServer implements AutoCloseable {

  private final ServerSocket serverSocket;
  private final Thread thread;

  /**
   * Starts the server.
   *
   * @param response bytes written after the request was read, status line included
   * @param reset whether to close with a TCP reset instead of a normal close
   */
  RawServer(byte[] response, boolean reset) throws IOException {
    serverSocket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    thread = Thread.ofVirtual().start(() -> serve(response, reset));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + "/v1/chat/completions");
  }

  private void serve(byte[] response, boolean reset) {
    try (Socket socket = serverSocket.accept()) {
      readRequest(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write(response);
      out.flush();
      if (reset) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException e) {
      // The test fails on the client side if the script could not be played.
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    int matched = 0;
    byte[] terminator = {'\r', '\n', '\r', '\n'};
    while (matched < terminator.length) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      headers.write(b);
      matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    int length = 0;
    for (String line : headers.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    thread.interrupt();
  }
}
