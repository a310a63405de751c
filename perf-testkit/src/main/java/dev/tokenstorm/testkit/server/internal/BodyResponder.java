package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a non-streamed JSON response at its deadline, applying the request's fault to the body as
 * {@link Fault} documents. Shared by every endpoint. Thread-safe.
 */
public final class BodyResponder {

  /**
   * A private-use character that a handler may put in a JSON string where {@link
   * Fault.InvalidUtf8AfterEvents} should place invalid UTF-8; its UTF-8 bytes are replaced by
   * {@code 0xC3 0x28}. Without the fault the marker is removed.
   */
  public static final String INVALID_UTF8_MARKER = "\uE000";

  private static final byte[] MARKER_BYTES = INVALID_UTF8_MARKER.getBytes(StandardCharsets.UTF_8);

  private final Pacer pacer;
  private final ObjectMapper mapper;

  /** Creates a responder. */
  public BodyResponder(Pacer pacer, ObjectMapper mapper) {
    this.pacer = pacer;
    this.mapper = mapper;
  }

  /**
   * Writes {@code json} with status 200 at {@code deadlineNanos}.
   *
   * @param tokens output tokens the body carries, for the truth
   * @param reasoningTokens the reasoning part of {@code tokens}
   * @param fault the request's fault, or null; status faults must have been handled already
   */
  public void respond(
      Exchange exchange,
      String json,
      int tokens,
      int reasoningTokens,
      long deadlineNanos,
      @Nullable Fault fault)
      throws IOException, InterruptedException {
    long deadline = deadlineNanos;
    if (fault instanceof Fault.StallAfterEvents stall) {
      deadline += stall.stall().toNanos();
    }
    pacer.sleepUntil(deadline);
    byte[] body = replaceMarker(
        json.getBytes(StandardCharsets.UTF_8),
        fault instanceof Fault.InvalidUtf8AfterEvents ? OpenAiJson.INVALID_UTF8 : new byte[0]);
    String type = "application/json";
    switch (fault) {
      case Fault.ResetAfterEvents reset -> {
        exchange.sendPartialBody(200, type, body, body.length / 2, Map.of(), EventKind.BODY, 0, 0);
        exchange.resetConnection();
      }
      case Fault.CloseAfterEvents close -> {
        exchange.sendPartialBody(200, type, body, body.length / 2, Map.of(), EventKind.BODY, 0, 0);
        exchange.closeConnection(true);
      }
      case Fault.MalformedEventAfterEvents malformed -> {
        byte[] cut = Arrays.copyOf(body, body.length / 2);
        exchange.sendBody(200, type, cut, Map.of(), EventKind.MALFORMED, 0, 0);
      }
      case Fault.InvalidUtf8AfterEvents invalid ->
          exchange.sendBody(200, type, body, Map.of(), EventKind.INVALID_UTF8, tokens, reasoningTokens);
      case Fault.ErrorEventAfterEvents error -> {
        byte[] errorBody = OpenAiJson.error(mapper, error.message(), "server_error", 500)
            .getBytes(StandardCharsets.UTF_8);
        exchange.sendBody(200, type, errorBody, Map.of(), EventKind.ERROR, 0, 0);
      }
      case null, default ->
          exchange.sendBody(200, type, body, Map.of(), EventKind.BODY, tokens, reasoningTokens);
    }
  }

  /** Replaces the first marker in {@code body} with {@code replacement}. */
  private static byte[] replaceMarker(byte[] body, byte[] replacement) {
    int at = indexOf(body, MARKER_BYTES);
    if (at < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    out.write(body, 0, at);
    out.writeBytes(replacement);
    out.write(body, at + MARKER_BYTES.length, body.length - at - MARKER_BYTES.length);
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
