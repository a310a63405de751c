package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.testkit.server.EventKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes OpenAI-style JSON error responses. Stateless. */
public final class ErrorResponses {

  private ErrorResponses() {}

  /**
   * Sends {@code {"error":{"message":…,"type":…,"param":null,"code":null}}} with {@code status};
   * the type follows {@link OpenAiJson#errorType(int)}.
   */
  public static void send(Exchange exchange, ObjectMapper mapper, int status, String message)
      throws IOException {
    send(exchange, mapper, status, message, null, Map.of());
  }

  /**
   * Sends an error body with {@code status}, a {@code code} value (null writes JSON null) and
   * extra headers.
   */
  public static void send(
      Exchange exchange,
      ObjectMapper mapper,
      int status,
      String message,
      @Nullable Object code,
      Map<String, String> headers)
      throws IOException {
    byte[] body = OpenAiJson.error(mapper, message, OpenAiJson.errorType(status), code)
        .getBytes(StandardCharsets.UTF_8);
    exchange.sendBody(status, "application/json", body, headers, EventKind.ERROR, 0, 0);
  }
}
