package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleLatencyTest {

  @ParameterizedTest(name = "openLoop={0}")
  @ValueSource(booleans = {true, false})
  @Timeout(30)
  void pacedRunReportsLatencyFromSchedule(boolean openLoop) {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(30)).interTokenDelay(Duration.ofMillis(2)).outputTokens(3)
        .start()) {
      RecordingSink sink = new RecordingSink();
      // Closed loop: two workers of about 35 ms each manage some 57 req/s, so at 100 req/s
      // released requests wait for a worker. Open loop: every request leaves on time.
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").openLoop(openLoop).parallel(openLoop ? 64 : 2).rate(100).number(50)
          .seed(3).maxTokens(3).testConnection(false).noOutputFiles().sink(sink).build().run();

      RunReport report = result.single();
      assertThat(report.successRequests()).isEqualTo(50);
      assertThat(report.distribution(Metric.LATENCY)).isPresent();
      assertThat(report.distribution(Metric.LATENCY_FROM_SCHEDULE)).isPresent();
      assertThat(report.distribution(Metric.QUEUE_TIME)).isPresent();
      assertThat(report.summary().p99ClientLagMillis()).isPresent();
      assertThat(report.summary().avgLatencyFromScheduleSeconds()).isPresent();
      for (RequestRecord record : sink.records()) {
        assertThat(record.scheduledNanos()).isPresent();
        assertThat(record.latencyFromSchedule().orElseThrow())
            .isGreaterThanOrEqualTo(record.latency());
      }
      // The schedule spreads 50 requests over about number / rate = 0.5 s.
      long firstSlot = sink.records().stream()
          .mapToLong(r -> r.scheduledNanos().getAsLong()).min().orElseThrow();
      long lastSlot = sink.records().stream()
          .mapToLong(r -> r.scheduledNanos().getAsLong()).max().orElseThrow();
      assertThat((lastSlot - firstSlot) / 1e9).isBetween(0.3, 0.5);
      double gapSeconds = report.summary().avgLatencyFromScheduleSeconds().getAsDouble()
          - report.summary().avgLatencySeconds().getAsDouble();
      if (openLoop) {
        assertThat(gapSeconds).isLessThan(0.1);
      } else {
        assertThat(gapSeconds).isGreaterThan(0.1);
      }
    }
  }
}
