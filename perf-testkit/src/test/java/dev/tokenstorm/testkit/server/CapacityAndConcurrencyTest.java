package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CapacityAndConcurrencyTest {

  private final TestClient client = new TestClient();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void capacityTwoMakesThirdAndFourthRequestWait() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(400))
        .outputTokens(1)
        .capacity(2)
        .start()) {
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        responses.add(
            client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(false, false)));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      List<RequestTruth> truth = new ArrayList<>(server.awaitCompleted(4, Duration.ofSeconds(5)));
      truth.sort(Comparator.comparingLong(r -> r.admittedNanos().orElseThrow()));

      assertThat(truth.get(0).queueNanos().orElseThrow()).isLessThan(50_000_000L);
      assertThat(truth.get(1).queueNanos().orElseThrow()).isLessThan(50_000_000L);
      // A slot frees once a response body has been written, 400 ms after its admission.
      long firstBody = truth.get(0).events().get(0).writtenNanos();
      long secondBody = truth.get(1).events().get(0).writtenNanos();
      assertThat(truth.get(2).admittedNanos().orElseThrow())
          .isGreaterThanOrEqualTo(Math.min(firstBody, secondBody));
      assertThat(truth.get(3).admittedNanos().orElseThrow())
          .isGreaterThanOrEqualTo(Math.max(firstBody, secondBody));
      assertThat(truth.get(2).queueNanos().orElseThrow()).isPositive();
      assertThat(truth.get(3).queueNanos().orElseThrow()).isPositive();
      assertThat(server.maxConcurrentGenerations()).isEqualTo(2);
      assertThat(server.maxConcurrentRequests()).isEqualTo(4);
      assertThat(server.capacity()).hasValue(2);
    }
  }

  @Test
  void raisingCapacityAdmitsWaitingRequests() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofSeconds(2))
        .outputTokens(1)
        .capacity(1)
        .start()) {
      CompletableFuture<HttpResponse<String>> first =
          client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(false, false));
      waitUntil(() -> server.inFlightRequests() == 1);
      server.updateProfile(profile -> profile.withTtft(Duration.ofMillis(10)));
      CompletableFuture<HttpResponse<String>> second =
          client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(false, false));
      waitUntil(() -> server.waitingRequests() == 1);

      server.setUnlimitedCapacity();

      assertThat(second.get(1, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(first.isDone()).isFalse();
      assertThat(server.capacity()).isEmpty();
    }
  }

  @Test
  void maxConcurrentRequestsTracksPeakOfOverlappingStreams() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(200))
        .interTokenDelay(Duration.ofMillis(10))
        .outputTokens(5)
        .start()) {
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        responses.add(
            client.postJsonAsync(server.chatCompletionsUrl(), TestClient.chatBody(true, false)));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      server.awaitCompleted(5, Duration.ofSeconds(5));

      assertThat(server.maxConcurrentRequests()).isEqualTo(5);
      assertThat(server.inFlightRequests()).isZero();
      assertThat(server.totalRequests()).isEqualTo(5);
      ServerTruth truth = server.truth();
      assertThat(truth.maxConcurrentRequests()).isEqualTo(5);
      assertThat(truth.requests()).extracting(RequestTruth::index)
          .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);

      server.reset();
      assertThat(server.requests()).isEmpty();
      assertThat(server.maxConcurrentRequests()).isZero();
      assertThat(server.totalRequests()).isZero();
    }
  }

  @Test
  void truthKeepsAtMostMaxRecordedRequests() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ZERO)
        .interTokenDelay(Duration.ZERO)
        .outputTokens(1)
        .maxRecordedRequests(2)
        .start()) {
      for (int i = 0; i < 4; i++) {
        client.postJson(server.chatCompletionsUrl(), TestClient.chatBody(false, false));
      }

      ServerTruth truth = server.truth();
      assertThat(truth.requests()).hasSize(2);
      assertThat(truth.totalRequests()).isEqualTo(4);
      assertThat(truth.droppedRecords()).isEqualTo(2);
    }
  }

  private static void waitUntil(BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 5 s");
      }
      Thread.sleep(2);
    }
  }
}
