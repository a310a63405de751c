package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RequestOutcome;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DurationTest {

  /** How late after the deadline a request may still arrive: the send just before it, plus I/O. */
  private static final long ARRIVAL_SLACK_NANOS = Duration.ofMillis(100).toNanos();

  @Test
  @Timeout(30)
  void closedLoopStopsDispatchAtDeadline() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(300)).interTokenDelay(Duration.ofMillis(5)).outputTokens(2)
        .start()) {
      RecordingSink sink = new RecordingSink();
      long before = System.nanoTime();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(4).number(10_000).maxTokens(2).duration(Duration.ofSeconds(1))
          .testConnection(false).noOutputFiles().sink(sink).build().run();
      long after = System.nanoTime();

      List<RequestTruth> requests = server.requests();
      long firstArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).min()
          .orElseThrow();
      long lastArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).max()
          .orElseThrow();
      long lastCompletion = requests.stream().mapToLong(r -> r.completedNanos().orElseThrow())
          .max().orElseThrow();
      // Four workers with about 0.31 s per request: four rounds start within the second.
      assertThat(requests).hasSizeBetween(12, 20);
      assertThat(lastArrival - firstArrival)
          .isLessThan(Duration.ofSeconds(1).toNanos() + ARRIVAL_SLACK_NANOS);
      // Requests sent just before the deadline still ran to the end.
      assertThat(lastCompletion - firstArrival).isGreaterThan(Duration.ofSeconds(1).toNanos());
      assertThat(requests).allMatch(r -> r.outcome() == RequestOutcome.COMPLETED);

      RunReport report = result.single();
      assertThat(result.cancelled()).isFalse();
      assertThat(report.cancelled()).isFalse();
      assertThat(report.totalRequests()).isEqualTo(requests.size());
      assertThat(report.successRequests()).isEqualTo(requests.size());
      assertThat(sink.records()).hasSize(requests.size());
      assertThat(report.warnings()).noneMatch(w -> w.contains("in flight"));
      assertThat(Duration.ofNanos(after - before)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  @Timeout(30)
  void openLoopStopsDispatchAtDeadline() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(600)).interTokenDelay(Duration.ofMillis(5)).outputTokens(2)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(true).rate(50).number(5_000).seed(4).maxTokens(2)
          .duration(Duration.ofSeconds(1)).testConnection(false).noOutputFiles().build().run();

      List<RequestTruth> requests = server.requests();
      long firstArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).min()
          .orElseThrow();
      long lastArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).max()
          .orElseThrow();
      // About 50 arrivals in the second; a Poisson count of mean 50 stays within 30..75.
      assertThat(requests).hasSizeBetween(30, 75);
      assertThat(lastArrival - firstArrival)
          .isLessThan(Duration.ofSeconds(1).toNanos() + ARRIVAL_SLACK_NANOS);
      assertThat(requests).allMatch(r -> r.outcome() == RequestOutcome.COMPLETED);
      RunReport report = result.single();
      assertThat(report.totalRequests()).isEqualTo(requests.size());
      assertThat(report.successRequests()).isEqualTo(requests.size());
      assertThat(report.cancelled()).isFalse();
    }
  }

  @Test
  @Timeout(30)
  void cappedOpenLoopReportsRequestsStillWaitingForASlotAtDeadline() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(400)).interTokenDelay(Duration.ofMillis(5)).outputTokens(2)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(true).rate(50).parallel(2).number(5_000).seed(4).maxTokens(2)
          .duration(Duration.ofSeconds(1)).testConnection(false).noOutputFiles().build().run();

      RunReport report = result.single();
      // Two slots and about 0.4 s per request: at most six requests start within the second.
      assertThat(report.totalRequests()).isBetween(2L, 6L);
      assertThat(server.requests()).hasSize((int) report.totalRequests());
      String warning = report.warnings().stream()
          .filter(w -> w.contains("waiting for a free slot")).findFirst().orElseThrow();
      assertThat(warning).contains("(parallel 2)").contains("(duration 1 s)")
          .endsWith("they were never sent and are not counted");
      long unsent = Long.parseLong(warning.substring(0, warning.indexOf(' ')));
      // About 50 requests fall due in the second (a Poisson count of mean 50: 30..75).
      assertThat(unsent + report.totalRequests()).isBetween(30L, 75L);
    }
  }

  @Test
  @Timeout(30)
  void numberReachedBeforeDurationEndsRun() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      long before = System.nanoTime();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(2).number(6).maxTokens(2).duration(Duration.ofSeconds(60))
          .testConnection(false).noOutputFiles().build().run();

      assertThat(result.single().totalRequests()).isEqualTo(6);
      assertThat(server.requests()).hasSize(6);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
