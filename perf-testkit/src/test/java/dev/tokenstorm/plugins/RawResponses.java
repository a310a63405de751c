package dev.tokenstorm.plugins;

import dev.tokenstorm.testkit.server.RawScript;
import java.nio.charset.StandardCharsets;

/** Raw HTTP responses for plugin tests. */
final class RawResponses {

  private RawResponses() {}

  /** Returns a script that answers 200 with {@code json} as an {@code application/json} body. */
  static RawScript json200(String name, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return RawScript.builder(name)
        .write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n")
        .write(body)
        .flush()
        .close()
        .build();
  }
}
