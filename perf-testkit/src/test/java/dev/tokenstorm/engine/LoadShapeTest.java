package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LoadShapeTest {

  @Test
  @Timeout(60)
  void closedLoopNeverExceedsParallelInFlightAtTheServer() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(2)).outputTokens(5)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(8).number(96).testConnection(false).noOutputFiles().build().run();

      assertThat(result.single().successRequests()).isEqualTo(96);
      assertThat(server.maxConcurrentRequests()).isEqualTo(8);
    }
  }

  @Test
  @Timeout(60)
  void poissonPacingAt200PerSecondHoldsTheRateWithinThreePercent() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(2)).interTokenDelay(Duration.ofMillis(1)).outputTokens(4)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(64).number(2000).rate(200).seed(7).maxTokens(4)
          .testConnection(false).noOutputFiles().build().run();

      RunReport report = result.single();
      assertThat(report.successRequests()).as(report.toString()).isEqualTo(2000);
      List<RequestTruth> requests = server.requests();
      assertThat(requests).hasSize(2000);
      long first = requests.stream().mapToLong(RequestTruth::arrivalNanos).min().orElseThrow();
      long last = requests.stream().mapToLong(RequestTruth::arrivalNanos).max().orElseThrow();
      double serverRate = (requests.size() - 1) / ((last - first) / 1e9);
      assertThat(serverRate).isCloseTo(200, within(6.0));
      assertThat(report.summary().achievedRate()).hasValueCloseTo(200.0, within(6.0));
      assertThat(report.summary().avgQueueTimeMillis()).isPresent();
    }
  }

  @Test
  @Timeout(60)
  void sweepRunsEachPairInOrderAndAdvancesTheRunFolders() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(3).start()) {
      RecordingSink sink = new RecordingSink();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(1, 3).number(4, 9).sleepInterval(Duration.ofMillis(100))
          .testConnection(false).noOutputFiles().sink(sink).build().run();

      assertThat(result.runs()).extracting(r -> r.run().name())
          .containsExactly("parallel_1_number_4", "parallel_3_number_9");
      assertThat(result.runs()).extracting(RunReport::totalRequests).containsExactly(4L, 9L);
      assertThat(sink.events()).containsExactly("start:parallel_1_number_4",
          "end:parallel_1_number_4:4", "start:parallel_3_number_9", "end:parallel_3_number_9:13",
          "close");
    }
  }

  @Test
  @Timeout(60)
  void connectionTestSendsOneSmallRequestBeforeTheRun() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(3).start()) {
      PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi").number(2)
          .maxTokens(500).noOutputFiles().build().run();

      List<RequestTruth> requests = server.requests();
      assertThat(requests).hasSize(3);
      assertThat(requests.get(0).json()).hasValueSatisfying(
          body -> assertThat(body.get("max_tokens").asInt()).isEqualTo(8));
      assertThat(requests.get(1).json()).hasValueSatisfying(
          body -> assertThat(body.get("max_tokens").asInt()).isEqualTo(500));
    }
  }
}
