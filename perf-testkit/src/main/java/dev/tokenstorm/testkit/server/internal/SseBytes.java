package dev.tokenstorm.testkit.server.internal;

import java.nio.charset.StandardCharsets;

/** Event-stream framing shared by the streaming endpoints. */
public final class SseBytes {

  /** The event {@code data: [DONE]} that ends an OpenAI stream. */
  public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseBytes() {}

  /** Returns {@code data: <payload>\n\n} encoded as UTF-8. */
  public static byte[] data(String payload) {
    return ("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
