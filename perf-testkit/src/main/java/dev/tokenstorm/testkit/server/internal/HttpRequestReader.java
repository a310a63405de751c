package dev.tokenstorm.testkit.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads HTTP/1.1 requests from one connection: request line, headers, and a body framed by {@code
 * Content-Length} or chunked transfer coding. Not thread-safe; one per connection.
 */
final class HttpRequestReader {

  /** Limit of the request line plus headers, in bytes. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** Limit of a request body, in bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final InputStream in;
  private byte[] line = new byte[256];
  private int headBytes;

  HttpRequestReader(InputStream in) {
    this.in = in;
  }

  /** The start of a request, before its body. */
  record Head(String method, String target, String version, Map<String, List<String>> headers) {
    @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /**
   * Reads a request line and headers, or returns null if the connection ended cleanly before the
   * first byte of a request.
   */
  @Nullable Head readHead() throws IOException, BadRequestException {
    headBytes = 0;
    String requestLine = readLine(true);
    while (requestLine != null && requestLine.isEmpty()) {
      // A client may send an empty line between requests; RFC 9112 lets servers ignore it.
      requestLine = readLine(true);
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequestException(400, "invalid request line: " + abbreviate(requestLine));
    }
    return new Head(parts[0], parts[1], parts[2], readHeaders());
  }

  /** Reads the body that {@code head} announces; an empty array when it announces none. */
  byte[] readBody(Head head) throws IOException, BadRequestException {
    String transferEncoding = head.header("transfer-encoding");
    if (transferEncoding != null) {
      if (!transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
        throw new BadRequestException(
            501, "unsupported Transfer-Encoding: " + abbreviate(transferEncoding));
      }
      return readChunkedBody();
    }
    String contentLength = head.header("content-length");
    if (contentLength == null) {
      return new byte[0];
    }
    long length;
    try {
      length = Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException(400, "invalid Content-Length: " + abbreviate(contentLength));
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new BadRequestException(
          413, "Content-Length " + length + " is outside 0.." + MAX_BODY_BYTES);
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length != length) {
      throw new EOFException("connection closed before the request body was complete");
    }
    return body;
  }

  private Map<String, List<String>> readHeaders() throws IOException, BadRequestException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    while (true) {
      String header = readLine(false);
      if (header == null) {
        throw new EOFException("connection closed inside the request headers");
      }
      if (header.isEmpty()) {
        return headers;
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new BadRequestException(400, "invalid header line: " + abbreviate(header));
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      headers.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
    }
  }

  private byte[] readChunkedBody() throws IOException, BadRequestException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      if (sizeLine == null) {
        throw new EOFException("connection closed inside a chunked request body");
      }
      int extension = sizeLine.indexOf(';');
      String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new BadRequestException(400, "invalid chunk size: " + abbreviate(sizeLine));
      }
      if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
        throw new BadRequestException(413, "chunked body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      if (size == 0) {
        readHeaders(); // trailer fields, ignored
        return body.toByteArray();
      }
      byte[] data = in.readNBytes(size);
      if (data.length != size) {
        throw new EOFException("connection closed inside a request body chunk");
      }
      body.writeBytes(data);
      String end = readLine(false);
      if (end == null || !end.isEmpty()) {
        throw new BadRequestException(400, "missing CRLF after a request body chunk");
      }
      headBytes = 0;
    }
  }

  /**
   * Reads one line ended by LF (a CR before it is dropped), decoded as ISO-8859-1, or returns null
   * at the end of the stream when no byte of the line was read.
   */
  private @Nullable String readLine(boolean startOfRequest) throws IOException, BadRequestException {
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (length == 0) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a line");
      }
      if (b == '\n') {
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (++headBytes > MAX_HEAD_BYTES) {
        throw new BadRequestException(
            startOfRequest ? 414 : 431, "request head exceeds " + MAX_HEAD_BYTES + " bytes");
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[length++] = (byte) b;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }
}
