package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EndpointsTest {

  private static SimulatedLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void startServer() {
    server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20))
        .interTokenDelay(Duration.ofMillis(2))
        .outputTokens(4)
        .models("model-a", "model-b")
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void resetTruth() {
    server.reset();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void nonStreamedChatReturnsBodyWithUsage() throws Exception {
    long sent = System.nanoTime();
    HttpResponse<String> response =
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false));
    long elapsed = System.nanoTime() - sent;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = TestClient.MAPPER.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("simulated-model");
    JsonNode message = body.path("choices").path(0).path("message");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.path("content").asText()).isEqualTo("tok0 tok1 tok2 tok3");
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(7);
    // The body is due when the last token would have been sent: 20 ms + 3 × 2 ms.
    assertThat(elapsed).isGreaterThanOrEqualTo(26_000_000L);

    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.streamed()).isFalse();
    assertThat(truth.status()).hasValue(200);
    assertThat(truth.events()).singleElement().satisfies(event -> {
      assertThat(event.kind()).isEqualTo(EventKind.BODY);
      assertThat(event.tokens()).isEqualTo(4);
    });
    assertThat(truth.path()).isEqualTo("/v1/chat/completions");
    assertThat(truth.method()).isEqualTo("POST");
    assertThat(truth.json()).hasValueSatisfying(json ->
        assertThat(json.path("messages").path(0).path("content").asText())
            .isEqualTo("one two three"));
    assertThat(truth.headers().get("content-type")).containsExactly("application/json");
    assertThat(truth.promptTokens()).isEqualTo(3);
  }

  @Test
  void nonStreamedCompletionCountsTokenIdPrompt() throws Exception {
    HttpResponse<String> response = client.postJson(server.completionsUrl(),
        "{\"model\":\"model-b\",\"prompt\":[11,12,13,14,15],\"max_tokens\":2}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestClient.MAPPER.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("text_completion");
    assertThat(body.path("model").asText()).isEqualTo("model-b");
    assertThat(body.path("choices").path(0).path("text").asText()).isEqualTo("tok0 tok1");
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void modelsListsConfiguredIds() throws Exception {
    HttpResponse<String> response = client.get(server.modelsUrl());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestClient.MAPPER.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("data")).extracting(node -> node.path("id").asText())
        .containsExactly("model-a", "model-b");
    assertThat(body.path("data").path(0).path("object").asText()).isEqualTo("model");
  }

  @Test
  void unknownPathAnswers404JsonError() throws Exception {
    HttpResponse<String> response = client.postJson(server.baseUrl() + "/nothing", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = TestClient.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("message").asText()).contains("/v1/nothing");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void invalidJsonAnswers400InvalidRequestError() throws Exception {
    HttpResponse<String> response =
        client.postJson(server.chatCompletionsUrl(), "{\"messages\": [oops");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestClient.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).startsWith("request body is not valid JSON");
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.json()).isEmpty();
    assertThat(truth.body()).isEqualTo("{\"messages\": [oops");
    assertThat(truth.status()).hasValue(400);
  }

  @Test
  void missingMessagesAnswers400NamingTheField() throws Exception {
    HttpResponse<String> response = client.postJson(server.chatCompletionsUrl(), "{\"model\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestClient.MAPPER.readTree(response.body()).path("error").path("message").asText())
        .contains("'messages'");
  }

  @Test
  void wrongMethodAnswers405WithAllow() throws Exception {
    HttpResponse<String> response = client.get(server.chatCompletionsUrl());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("POST");
  }

  @Test
  void sequentialRequestsReuseOneConnection() throws Exception {
    long before = server.connectionsAccepted();
    for (int i = 0; i < 3; i++) {
      assertThat(client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false))
          .statusCode()).isEqualTo(200);
    }
    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    assertThat(streamed.status()).isEqualTo(200);
    assertThat(server.connectionsAccepted() - before).isEqualTo(1);
    assertThat(server.awaitCompleted(4, Duration.ofSeconds(5)))
        .extracting(RequestTruth::connectionId).containsOnly(before);
  }

  @Test
  void chunkedRequestBodyIsDecoded() throws Exception {
    String json = "{\"prompt\":\"alpha beta\",\"max_tokens\":1}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    String response;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(10) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 0, 10);
      out.write(("\r\n" + Integer.toHexString(bytes.length - 10) + ";ext=1\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 10, bytes.length - 10);
      out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n");
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.body()).isEqualTo(json);
    assertThat(truth.promptTokens()).isEqualTo(2);
  }

  @Test
  void malformedRequestLineAnswers400AndCloses() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("invalid request line");
    }
  }
}
