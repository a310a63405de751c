package dev.tokenstorm.core.internal.visualizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportValuesTest {

  @Test
  void configMasksCredentialsAddsRunName() {
    Map<String, Object> config = new java.util.LinkedHashMap<>(
        ReportValues.config(Fixtures.maskedConfig(), Fixtures.run("rate_5_number_10", 2)));

    assertThat(config.get("wandb_api_key")).isEqualTo("**********");
    assertThat(config.get("max_tokens")).isEqualTo(32);
    assertThat(config.get("parallel")).isEqualTo(2);
    assertThat(config.get("run_name")).isEqualTo("rate_5_number_10");
    assertThat(config).containsEntry("dataset", null);
  }

  @Test
  void summaryOmitsMissingValues() {
    Map<String, Double> summary = ReportValues.summary(
        Fixtures.report(Fixtures.run("parallel_2_number_3", 1), false));

    assertThat(summary.get("Avg TTFT (ms)")).isEqualTo(100.0);
    assertThat(summary.get("Concurrency")).isEqualTo(2.0);
    assertThat(summary.get("Test Duration (s)")).isEqualTo(0.3);
    assertThat(summary).doesNotContainKeys("Request Rate (req/s)", "Avg Queue Time (ms)",
        "Input Throughput per Request (tok/s)");
  }

  @Test
  void percentileTableFollowsMetricOrder() {
    Map<String, Map<String, Double>> table = ReportValues.percentiles(
        Fixtures.report(Fixtures.run("parallel_2_number_3", 1), false));

    assertThat(table.keySet()).containsExactly("Latency (s)", "TTFT (ms)");
    assertThat(ReportValues.percentileLabels(table)).isEqualTo(List.of("min", "50%", "99%", "max"));
    assertThat(table.get("TTFT (ms)").get("99%")).isEqualTo(110.0);
  }

  @Test
  void displayWholeNumbers() {
    assertThat(ReportValues.display(3.0)).isEqualTo("3");
    assertThat(ReportValues.display(0.123456)).isEqualTo("0.1235");
  }
}
