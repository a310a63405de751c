package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RawScriptsTest {

  private static SimulatedLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void startServer() {
    server = SimulatedLlmServer.builder().start();
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

  static Stream<RawScript> closingScripts() {
    return Stream.of(
        RawScripts.wellFormed(),
        RawScripts.crlfLineEndings(),
        RawScripts.crLineEndings(),
        RawScripts.comments(),
        RawScripts.roleOnlyFirstChunk(),
        RawScripts.usageOnlyChunkAfterPause(),
        RawScripts.errorInsideStream(),
        RawScripts.invalidUtf8(),
        RawScripts.missingDone(),
        RawScripts.multiLineData(),
        RawScripts.fieldVariants(),
        RawScripts.malformedJsonEvent(),
        RawScripts.splitAt(3, 40, 41, 200),
        RawScripts.splitEveryByte(),
        RawScripts.splitInsideUtf8Character());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closingScripts")
  void scriptBytesArriveExactlyAsWritten(RawScript script) throws Exception {
    server.enqueueRaw("/v1/chat/completions", script);

    byte[] received = TestClient.rawExchange(server.port(), "/v1/chat/completions",
        TestClient.chatBody(true, true));

    assertThat(received).isEqualTo(script.bytes());
    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    long flushes = script.steps().stream().filter(RawScript.Step.Flush.class::isInstance).count();
    assertThat(truth.rawScript()).hasValue(script.name());
    assertThat(truth.events()).hasSize((int) flushes)
        .allMatch(event -> event.kind() == EventKind.RAW);
    assertThat(truth.outcome()).isEqualTo(RequestOutcome.COMPLETED);
  }

  @Test
  void splitScriptBodyReachesHttpClientIntact() throws Exception {
    RawScript script = RawScripts.splitInsideUtf8Character();
    server.enqueueRaw(script);

    HttpResponse<byte[]> response =
        client.postForBytes(server.chatCompletionsUrl(), TestClient.chatBody(true, true));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(response.body()).isEqualTo(script.bodyBytes());
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("hé你🙂");
  }

  @Test
  void pausesBetweenFlushesAppearInTruth() throws Exception {
    server.enqueueRaw(RawScripts.usageOnlyChunkAfterPause());

    TestClient.rawExchange(server.port(), "/v1/chat/completions", "{}");

    List<EventTruth> events = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0).events();
    // headers, Hello, world | 20 ms | usage, [DONE]
    long pause = events.get(3).writtenNanos() - events.get(2).writtenNanos();
    assertThat(pause).isGreaterThanOrEqualTo(20_000_000L);
  }

  @Test
  void resetScriptIsSeenAsIOException() throws Exception {
    server.enqueueRaw(RawScripts.resetMidStream());

    List<TestClient.ClientEvent> events = new ArrayList<>();
    assertThatThrownBy(() ->
        client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false), events))
        .isInstanceOf(IOException.class);

    RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);
    assertThat(truth.outcome()).isEqualTo(RequestOutcome.CONNECTION_ENDED_BY_SERVER);
    assertThat(events.size()).isLessThanOrEqualTo(1);
  }

  @Test
  void pathScriptsUsedInOrder() throws Exception {
    server.enqueueRaw("/v1/completions", RawScripts.missingDone());
    server.enqueueRaw("/v1/completions", RawScripts.wellFormed());

    byte[] chat = TestClient.rawExchange(server.port(), "/v1/chat/completions",
        "{\"stream\":false,\"messages\":[]}");
    byte[] first = TestClient.rawExchange(server.port(), "/v1/completions", "{}");
    byte[] second = TestClient.rawExchange(server.port(), "/v1/completions", "{}");

    assertThat(new String(chat, StandardCharsets.UTF_8)).contains("\"object\":\"chat.completion\"");
    assertThat(first).isEqualTo(RawScripts.missingDone().bytes());
    assertThat(second).isEqualTo(RawScripts.wellFormed().bytes());
    assertThat(server.pendingRawScripts()).isZero();
  }

  @Test
  void splitAtRejectsOffsetsOutsideTheBody() {
    assertThatThrownBy(() -> RawScripts.splitAt(5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 5]");
  }

  @Test
  void builderRejectsStepsAfterReset() {
    RawScript.Builder builder = RawScript.builder("x").write("a").reset();

    assertThatThrownBy(() -> builder.write("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'x'");
  }
}
