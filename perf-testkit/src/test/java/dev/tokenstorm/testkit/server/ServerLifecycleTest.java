package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerLifecycleTest {

  private final TestClient client = new TestClient();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void closeReleasesPortAndIsIdempotent() throws Exception {
    SimulatedLlmServer server = SimulatedLlmServer.builder().start();
    int port = server.port();
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port + "/v1");
    assertThat(server.chatCompletionsUrl()).endsWith(":" + port + "/v1/chat/completions");
    assertThat(server.completionsUrl()).endsWith(":" + port + "/v1/completions");

    server.close();
    server.close();

    try (ServerSocket rebound = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith("simulated-llm-" + port + "-"));
  }

  @Test
  void closeEndsInFlightStreamAndWaitingRequests() throws Exception {
    SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(10))
        .interTokenDelay(Duration.ofMillis(100))
        .outputTokens(100)
        .capacity(1)
        .start();
    CompletableFuture<HttpResponse<String>> streaming =
        client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(true, false));
    CompletableFuture<HttpResponse<String>> waiting =
        client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(true, false));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.waitingRequests() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }

    long start = System.nanoTime();
    server.close();

    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThatThrownBy(() -> streaming.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    assertThat(server.requests()).extracting(RequestTruth::outcome)
        .containsOnly(RequestOutcome.SERVER_CLOSED);
    assertThat(server.inFlightRequests()).isZero();
  }

  @Test
  void twoServersShareNothing() throws Exception {
    try (SimulatedLlmServer first = SimulatedLlmServer.builder().outputTokens(1).start();
        SimulatedLlmServer second = SimulatedLlmServer.builder().outputTokens(1).start()) {
      first.injectFault(FaultRule.always(Fault.status(500)));

      int firstStatus =
          client.postJson(first.chatCompletionsUrl(), TestClient.chatBody(false, false)).statusCode();
      int secondStatus =
          client.postJson(second.chatCompletionsUrl(), TestClient.chatBody(false, false)).statusCode();

      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(firstStatus).isEqualTo(500);
      assertThat(secondStatus).isEqualTo(200);
      assertThat(first.awaitCompleted(1, Duration.ofSeconds(5))).hasSize(1);
      assertThat(second.awaitCompleted(1, Duration.ofSeconds(5))).hasSize(1);
    }
  }

  @Test
  void builderRejectsInvalidValuesNamingThem() {
    assertThatThrownBy(() -> SimulatedLlmServer.builder().capacity(0))
        .hasMessageContaining("capacity");
    assertThatThrownBy(() -> SimulatedLlmServer.builder().tokensPerChunk(0))
        .hasMessageContaining("tokensPerChunk");
    assertThatThrownBy(() -> SimulatedLlmServer.builder().ttft(Duration.ofMillis(-1)))
        .hasMessageContaining("ttft");
    assertThatThrownBy(() -> SimulatedLlmServer.builder().port(70_000))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> Fault.status(200)).hasMessageContaining("200");
    assertThatThrownBy(() -> FaultRule.everyNth(0, Fault.status(500))).hasMessageContaining("n must");
  }

  @Test
  void startOnBusyPortFailsNamingThePort() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> SimulatedLlmServer.builder().port(busy.getLocalPort()).start())
          .hasMessageContaining(Integer.toString(busy.getLocalPort()));
    }
  }
}
