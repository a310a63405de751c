package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OpenLoopTest {

  @Test
  @Timeout(30)
  void slowServerStillSeesTheArrivalRate() throws Exception {
    // Each response takes over 2 s while the schedule sends 50 req/s for about 1.2 s: a closed
    // loop would wait for completions, the open loop must not.
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(2000)).interTokenDelay(Duration.ofMillis(5)).outputTokens(2)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(true).rate(50).number(60).seed(11).maxTokens(2)
          .testConnection(false).noOutputFiles().build().run();

      RunReport report = result.single();
      assertThat(report.successRequests()).as(report.toTable()).isEqualTo(60);
      List<RequestTruth> requests = server.requests();
      assertThat(requests).hasSize(60);
      long firstArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).min()
          .orElseThrow();
      long lastArrival = requests.stream().mapToLong(RequestTruth::arrivalNanos).max()
          .orElseThrow();
      long firstCompletion = requests.stream()
          .mapToLong(r -> r.completedNanos().orElseThrow()).min().orElseThrow();
      // Every request arrived before the server finished the first one.
      assertThat(lastArrival).isLessThan(firstCompletion);
      double serverRate = (requests.size() - 1) / ((lastArrival - firstArrival) / 1e9);
      assertThat(serverRate).isCloseTo(50.0, within(5.0));
      assertThat(server.maxConcurrentRequests()).isEqualTo(60);
      assertThat(report.run().openLoop()).isTrue();
      assertThat(report.run().parallel()).isEqualTo(OptionalInt.empty());
      assertThat(report.run().name()).isEqualTo("rate_50.0_number_60");
    }
  }

  @Test
  @Timeout(30)
  void inFlightCapQueuesExcessRequests() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(150)).interTokenDelay(Duration.ofMillis(2)).outputTokens(2)
        .start()) {
      RecordingSink sink = new RecordingSink();
      // 100 req/s against a cap of 4 requests of about 150 ms: about 27 req/s get through, so the
      // others wait for a free slot.
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(true).rate(100).parallel(4).number(40).seed(5).maxTokens(2)
          .testConnection(false).noOutputFiles().sink(sink).build().run();

      RunReport report = result.single();
      assertThat(report.successRequests()).isEqualTo(40);
      assertThat(server.maxConcurrentRequests()).isEqualTo(4);
      assertThat(report.run().parallel()).isEqualTo(OptionalInt.of(4));
      assertThat(report.run().name()).isEqualTo("rate_100.0_number_40");
      // The last requests wait for about (40 / 4 x 150 ms) - 0.4 s of schedule, over a second.
      assertThat(report.distribution(Metric.QUEUE_TIME).orElseThrow().max().getAsDouble())
          .isGreaterThan(700.0);
      assertThat(report.summary().avgQueueTimeMillis().getAsDouble()).isGreaterThan(200.0);
      double avgFromSend = report.summary().avgLatencySeconds().getAsDouble();
      double avgFromSchedule = report.summary().avgLatencyFromScheduleSeconds().getAsDouble();
      assertThat(avgFromSchedule - avgFromSend)
          .isCloseTo(report.summary().avgQueueTimeMillis().getAsDouble() / 1000, within(0.01));
      for (RequestRecord record : sink.records()) {
        assertThat(record.queueTime().orElseThrow())
            .isEqualTo(Duration.ofNanos(record.sentNanos() - record.scheduledNanos().getAsLong()));
      }
    }
  }

  @Test
  @Timeout(30)
  void sweepPairsRateWithNumber() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(1)).outputTokens(2)
        .start()) {
      RecordingSink sink = new RecordingSink();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(true).rate(40, 160).number(20, 80).seed(9).maxTokens(2)
          .sleepInterval(Duration.ZERO).testConnection(false).noOutputFiles().sink(sink).build()
          .run();

      assertThat(result.runs()).extracting(r -> r.run().name())
          .containsExactly("rate_40.0_number_20", "rate_160.0_number_80");
      assertThat(result.runs()).extracting(RunReport::totalRequests).containsExactly(20L, 80L);
      assertThat(result.runs()).extracting(r -> r.run().rate())
          .containsExactly(OptionalDouble.of(40), OptionalDouble.of(160));
      assertThat(server.requests()).hasSize(100);
      // Each run's schedule spans about number / rate: 0.5 s for both.
      for (RunReport report : result.runs()) {
        double target = report.run().rate().getAsDouble();
        assertThat(report.summary().achievedRate().getAsDouble()).as(report.run().name())
            .isCloseTo(target, within(target * 0.25));
      }
      assertThat(sink.events()).containsExactly("start:rate_40.0_number_20",
          "end:rate_40.0_number_20:20", "start:rate_160.0_number_80",
          "end:rate_160.0_number_80:100", "close");
    }
  }
}
