package dev.tokenstorm.core.internal.visualizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunningSummaryTest {

  @Test
  void emptySummaryHasNoAverages() {
    Map<String, Double> snapshot = new RunningSummary().snapshot();

    assertThat(snapshot).containsOnlyKeys("Test Duration (s)", "Total Requests",
        "Success Requests", "Failed Requests");
    assertThat(snapshot.get("Total Requests")).isZero();
  }

  @Test
  void averagesAndThroughputsMatchRecords() {
    RunningSummary summary = new RunningSummary();
    summary.add(Fixtures.success(0, 0));
    summary.add(Fixtures.success(1, 100));
    summary.add(Fixtures.failure(2, 250));

    Map<String, Double> s = summary.snapshot();
    // Wall window: first send at 0 ms, last end at 300 ms (the second success ends at 100 + 200).
    assertThat(s.get("Test Duration (s)")).isCloseTo(0.3, within(1e-9));
    assertThat(s.get("Total Requests")).isEqualTo(3.0);
    assertThat(s.get("Success Requests")).isEqualTo(2.0);
    assertThat(s.get("Failed Requests")).isEqualTo(1.0);
    assertThat(s.get("Success Rate (%)")).isCloseTo(66.667, within(1e-3));
    assertThat(s.get("Req Throughput (req/s)")).isCloseTo(2 / 0.3, within(1e-9));
    assertThat(s.get("Avg Latency (s)")).isCloseTo(0.2, within(1e-9));
    assertThat(s.get("Avg TTFT (ms)")).isCloseTo(100.0, within(1e-9));
    // Five events 20 ms apart: four gaps of 20 ms; TPOT = 80 ms / (5 tokens - 1).
    assertThat(s.get("Avg ITL (ms)")).isCloseTo(20.0, within(1e-9));
    assertThat(s.get("Avg TPOT (ms)")).isCloseTo(20.0, within(1e-9));
    assertThat(s.get("Avg Input Tokens")).isEqualTo(10.0);
    assertThat(s.get("Avg Output Tokens")).isEqualTo(5.0);
    assertThat(s.get("Output Throughput (tok/s)")).isCloseTo(10 / 0.3, within(1e-9));
    assertThat(s.get("Total Throughput (tok/s)")).isCloseTo(30 / 0.3, within(1e-9));
  }

  @Test
  void onlyFailuresOmitAverages() {
    RunningSummary summary = new RunningSummary();
    summary.add(Fixtures.failure(0, 0));

    assertThat(summary.snapshot()).doesNotContainKeys("Avg Latency (s)", "Avg TTFT (ms)",
        "Avg ITL (ms)", "Avg Input Tokens");
    assertThat(summary.snapshot().get("Success Rate (%)")).isZero();
  }
}
