package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FaultInjectionTest {

  private static SimulatedLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void startServer() {
    server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5))
        .interTokenDelay(Duration.ofMillis(5))
        .outputTokens(6)
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void clearFaults() {
    server.clearFaults();
    server.reset();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void statusFaultAnswersJsonErrorWithoutGenerating() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.status(503, "overloaded")));

    HttpResponse<String> response =
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(true, true));

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode error = TestClient.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("message").asText()).isEqualTo("overloaded");
    assertThat(error.path("type").asText()).isEqualTo("server_error");
    assertThat(error.path("code").asInt()).isEqualTo(503);
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.fault()).contains(Fault.status(503, "overloaded"));
    assertThat(truth.admittedNanos()).isEmpty();
    assertThat(truth.outputTokens()).isZero();
  }

  @Test
  void rateLimitedAnswers429WithRetryAfter() throws Exception {
    server.injectFault(FaultRule.always(Fault.rateLimited(Duration.ofMillis(1500))));

    HttpResponse<String> response =
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("2");
    assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1500");
    assertThat(TestClient.MAPPER.readTree(response.body()).path("error").path("type").asText())
        .isEqualTo("rate_limit_error");
  }

  @Test
  void nextRequestsRuleAppliesToExactlyThatMany() throws Exception {
    server.injectFault(FaultRule.nextRequests(2, Fault.status(500)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false))
          .statusCode());
    }

    assertThat(statuses).containsExactly(500, 500, 200);
  }

  @Test
  void everyNthCountsOnlyItsPath() throws Exception {
    server.injectFault(FaultRule.everyNth(2, Fault.status(502)).onPath("/v1/completions"));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(client.postJson(server.completionsUrl(), "{\"prompt\":\"x\"}").statusCode());
      statuses.add(client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false))
          .statusCode());
    }

    assertThat(statuses).containsExactly(200, 200, 502, 200, 200, 200, 502, 200);
  }

  @Test
  void predicateRuleSeesRequestIndexAndBody() throws Exception {
    server.injectFault(FaultRule.when(
        request -> request.body().map(b -> b.path("max_tokens").asInt() == 7).orElse(false),
        Fault.status(400, "seven is not allowed")));

    int plain = client.postJson(server.completionsUrl(), "{\"prompt\":\"x\"}").statusCode();
    int seven = client.postJson(server.completionsUrl(), "{\"prompt\":\"x\",\"max_tokens\":7}")
        .statusCode();

    assertThat(plain).isEqualTo(200);
    assertThat(seven).isEqualTo(400);
  }

  @Test
  void resetMidStreamIsSeenAsIOException() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.resetAfterEvents(3)));

    List<TestClient.ClientEvent> events = new ArrayList<>();
    assertThatThrownBy(() -> readStream(events)).isInstanceOf(IOException.class);

    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.events()).hasSize(3);
    assertThat(truth.outcome()).isEqualTo(RequestOutcome.CONNECTION_ENDED_BY_SERVER);
    assertThat(truth.fault()).containsInstanceOf(Fault.ResetAfterEvents.class);
    assertThat(events.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void closeMidStreamTruncatesChunkedBody() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.closeAfterEvents(2)));

    List<TestClient.ClientEvent> events = new ArrayList<>();
    assertThatThrownBy(() -> readStream(events)).isInstanceOf(IOException.class);

    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.events()).hasSize(2);
    assertThat(truth.outcome()).isEqualTo(RequestOutcome.CONNECTION_ENDED_BY_SERVER);
  }

  @Test
  void stallKeepsConnectionSilent() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.stallAfterEvents(3, Duration.ofMillis(300))));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    // role, tok0, tok1 | stall | tok2 ...; tok2 is due 5 ms + 2 × 5 ms after the start, plus the
    // stall. Gaps between events are not checked, because a late tok1 would shorten them.
    List<TestClient.ClientEvent> events = streamed.events();
    assertThat(streamed.textEvents()).hasSize(6);
    assertThat(events.get(3).arrivalNanos() - streamed.sentNanos())
        .isGreaterThanOrEqualTo(315_000_000L);
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    long start = truth.admittedNanos().orElseThrow();
    assertThat(truth.tokenEvents().get(2).writtenNanos() - start)
        .isGreaterThanOrEqualTo(315_000_000L);
    assertThat(truth.tokenEvents().get(1).writtenNanos() - start).isLessThan(300_000_000L);
  }

  @Test
  void slowHeadersDelaysResponseHeaders() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.slowHeaders(Duration.ofMillis(250))));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    assertThat(streamed.headersNanos() - streamed.sentNanos()).isGreaterThanOrEqualTo(250_000_000L);
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    long headersDelay = truth.headersWrittenNanos().orElseThrow() - truth.arrivalNanos();
    assertThat(headersDelay).isGreaterThanOrEqualTo(250_000_000L);
    assertThat(streamed.textEvents()).hasSize(6);
  }

  @Test
  void malformedEventIsInsertedAndStreamContinues() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.malformedEventAfterEvents(2)));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    List<TestClient.ClientEvent> events = streamed.events();
    assertThat(events.get(2).data()).isEqualTo("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok");
    assertThatThrownBy(() -> events.get(2).json()).isInstanceOf(JsonProcessingException.class);
    assertThat(streamed.textEvents()).hasSize(6);
    assertThat(events.get(events.size() - 1).isDone()).isTrue();
    assertThat(server.awaitCompleted(1, Duration.ofSeconds(5)).get(0).events())
        .extracting(EventTruth::kind).contains(EventKind.MALFORMED);
  }

  @Test
  void invalidUtf8EventCarriesInvalidBytes() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.invalidUtf8AfterEvents(1)));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    byte[] body = streamed.body();
    assertThat(indexOf(body, new byte[] {'"', (byte) 0xC3, 0x28, '"'})).isPositive();
    assertThat(streamed.textEvents()).hasSize(7);
    assertThat(streamed.events().get(streamed.events().size() - 1).isDone()).isTrue();
  }

  @Test
  void errorEventEndsStreamWithStatus200() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.errorEventAfterEvents(2, "engine died")));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

    assertThat(streamed.status()).isEqualTo(200);
    List<TestClient.ClientEvent> events = streamed.events();
    assertThat(events).hasSize(4);
    assertThat(events.get(2).json().path("error").path("message").asText()).isEqualTo("engine died");
    assertThat(events.get(3).isDone()).isTrue();
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.events()).extracting(EventTruth::kind)
        .containsExactly(EventKind.ROLE, EventKind.CONTENT, EventKind.ERROR, EventKind.DONE);
    assertThat(truth.outcome()).isEqualTo(RequestOutcome.COMPLETED);
  }

  @Test
  void closeWithoutDoneEndsCleanlyWithoutDone() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.closeWithoutDone()));

    TestClient.Streamed streamed =
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, true));

    List<TestClient.ClientEvent> events = streamed.events();
    assertThat(events).noneMatch(TestClient.ClientEvent::isDone);
    assertThat(events.get(events.size() - 1).json().has("usage")).isTrue();
    assertThat(streamed.textEvents()).hasSize(6);
  }

  @Test
  void nonStreamedResetThrowsIOException() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.resetAfterEvents(0)));

    assertThatThrownBy(() ->
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void malformedNonStreamedBodyIsCutInHalf() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.malformedEventAfterEvents(0)));

    HttpResponse<String> response =
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"id\":\"chatcmpl-sim-0\"");
    assertThatThrownBy(() -> TestClient.MAPPER.readTree(response.body()))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void nonStreamedInvalidUtf8InContent() throws Exception {
    server.injectFault(FaultRule.nextRequests(1, Fault.invalidUtf8AfterEvents(0)));

    HttpResponse<byte[]> response =
        client.postForBytes(server.chatCompletionsUrl(), TestClient.chatBody(false, false));

    assertThat(indexOf(response.body(),
        "\"content\":\"".getBytes(StandardCharsets.US_ASCII))).isPositive();
    assertThat(indexOf(response.body(), new byte[] {'"', (byte) 0xC3, 0x28, 't', 'o', 'k', '0'}))
        .isPositive();
  }

  private void readStream(List<TestClient.ClientEvent> events) throws Exception {
    client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false), events);
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
