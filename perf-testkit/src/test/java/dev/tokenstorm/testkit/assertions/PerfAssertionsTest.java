package dev.tokenstorm.testkit.assertions;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PerfAssertionsTest {

  private static final double[] RANKS =
      {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};

  @Test
  void p99TtftFailureNamesValueLimitRun() {
    RunReport report = new Fixture("parallel_4_number_40").ttft(120, 812.4).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasP99TtftAtMost(Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected p99 TTFT of run 'parallel_4_number_40' to be at most 500 ms but was"
            + " 812.4 ms");
  }

  @Test
  void limitsAreInclusiveAndPassingChecksChain() {
    RunReport report = new Fixture("parallel_4_number_40").ttft(120, 500).latency(1.2, 2.5)
        .outputThroughput(640).build();

    assertThatCode(() -> PerfAssertions.assertThat(report)
        .hasP99TtftAtMost(Duration.ofMillis(500))
        .hasP50TtftAtMost(Duration.ofMillis(120))
        .hasP99LatencyAtMost(Duration.ofMillis(2500))
        .hasPercentileAtMost(Metric.TTFT, 99.9, Duration.ofMillis(500))
        .hasSuccessRateAtLeast(1.0)
        .hasNoFailedRequests()
        .hasOutputThroughputAtLeast(640)
        .hasNoWarnings()
        .isNotCancelled()
        .completedAllRequests()).doesNotThrowAnyException();
  }

  @Test
  void latencyShownInSeconds() {
    RunReport report = new Fixture("parallel_1_number_40").latency(1.2, 2.5).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasP99LatencyAtMost(Duration.ofMillis(2250)))
        .hasMessage("Expected p99 latency of run 'parallel_1_number_40' to be at most 2.25 s but"
            + " was 2.5 s");
  }

  @Test
  void nearLimitValueGetsMoreDecimals() {
    RunReport report = new Fixture("parallel_1_number_40").ttft(100, 500.04).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasP99TtftAtMost(Duration.ofMillis(500)))
        .hasMessage("Expected p99 TTFT of run 'parallel_1_number_40' to be at most 500 ms but was"
            + " 500.04 ms");
  }

  @Test
  void successRateFailureListsReasons() {
    RunReport report = new Fixture("rate_5.0_number_40").requests(40, 37)
        .failures(Map.of(ErrorKind.HTTP_STATUS, 2L, ErrorKind.TIMEOUT, 1L)).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasSuccessRateAtLeast(0.99))
        .hasMessage("Expected success rate of run 'rate_5.0_number_40' to be at least 99 % but"
            + " was 92.5 % (37 of 40 requests succeeded; failures: HTTP_STATUS 2, TIMEOUT 1)");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasNoFailedRequests())
        .hasMessage("Expected run 'rate_5.0_number_40' to have no failed requests but 3 of 40"
            + " failed (failures: HTTP_STATUS 2, TIMEOUT 1)");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasSuccessRateAtLeast(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void throughputFailureShowsTokensPerSecond() {
    RunReport report = new Fixture("parallel_8_number_80").outputThroughput(312.44).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasOutputThroughputAtLeast(500))
        .hasMessage("Expected output throughput of run 'parallel_8_number_80' to be at least"
            + " 500 tok/s but was 312.4 tok/s");
  }

  @Test
  void missingMetricSaysWhyInsteadOfPassing() {
    RunReport report = new Fixture("parallel_2_number_10").requests(10, 10).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasP99TtftAtMost(Duration.ofMillis(500)))
        .hasMessage("Expected p99 TTFT of run 'parallel_2_number_10' to be at most 500 ms but the"
            + " run has no TTFT samples (10 of 10 requests succeeded; this metric needs streamed"
            + " responses)");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasOutputThroughputAtLeast(10))
        .hasMessage("Expected output throughput of run 'parallel_2_number_10' to be at least"
            + " 10 tok/s but it is not available (10 of 10 requests succeeded)");
  }

  @Test
  void warningsAreListedOneALine() {
    RunReport report = new Fixture("parallel_1_number_5")
        .warnings("Only 5 requests succeeded: with fewer than 100 samples, p99 is noise.",
            "The p99 client lag was 12.00 ms, above 10 ms.")
        .build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report).hasNoWarnings())
        .hasMessage("Expected run 'parallel_1_number_5' to have no warnings but it has 2:\n"
            + "  - Only 5 requests succeeded: with fewer than 100 samples, p99 is noise.\n"
            + "  - The p99 client lag was 12.00 ms, above 10 ms.");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasNoWarningsOtherThan("fewer than 100 samples"))
        .hasMessage("Expected run 'parallel_1_number_5' to have no warnings but it has 1:\n"
            + "  - The p99 client lag was 12.00 ms, above 10 ms.");
    assertThatCode(() -> PerfAssertions.assertThat(report)
        .hasNoWarningsOtherThan("fewer than 100 samples", "client lag"))
        .doesNotThrowAnyException();
  }

  @Test
  void resultChecksListEveryFailingRun() {
    PerfResult result = new PerfResult(List.of(
        new Fixture("parallel_1_number_10").ttft(50, 90).build(),
        new Fixture("parallel_4_number_40").ttft(80, 700.25).build(),
        new Fixture("parallel_8_number_80").ttft(90, 1200).build()), null, false);

    assertThatThrownBy(() -> PerfAssertions.assertThat(result)
        .hasP99TtftAtMost(Duration.ofMillis(500)))
        .hasMessage("Expected p99 TTFT of run 'parallel_4_number_40' to be at most 500 ms but was"
            + " 700.3 ms\n"
            + "Expected p99 TTFT of run 'parallel_8_number_80' to be at most 500 ms but was"
            + " 1200 ms");
    assertThatCode(() -> PerfAssertions.assertThat(result).hasRunCount(3)
        .run("parallel_1_number_10").hasP99TtftAtMost(Duration.ofMillis(500)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PerfAssertions.assertThat(result).run("parallel_2_number_10"))
        .hasMessage("Expected a run named 'parallel_2_number_10' but the result has:"
            + " 'parallel_1_number_10', 'parallel_4_number_40', 'parallel_8_number_80'");
    assertThatThrownBy(() -> PerfAssertions.assertThat(result).singleRun())
        .hasMessageStartingWith("Expected 1 run but the result has 3");
  }

  @Test
  void descriptionPrefixesTheMessage() {
    RunReport report = new Fixture("parallel_4_number_40").ttft(120, 812.4).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report).as("chat SLO")
        .hasP99TtftAtMost(Duration.ofMillis(500)))
        .hasMessage("[chat SLO] Expected p99 TTFT of run 'parallel_4_number_40' to be at most"
            + " 500 ms but was 812.4 ms");
  }

  @Test
  void cancelledAndIncompleteRunsFail() {
    RunReport report = new Fixture("parallel_2_number_40").requests(12, 12).cancelled().build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report).isNotCancelled())
        .hasMessage("Expected run 'parallel_2_number_40' not to be cancelled but it was, after 12"
            + " of 40 requests");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report).completedAllRequests())
        .hasMessage("Expected run 'parallel_2_number_40' to complete all 40 requests but it"
            + " completed 12 (the run was cancelled)");
  }

  @Test
  void invalidPercentileOrMetricRejected() {
    RunReport report = new Fixture("parallel_4_number_40").ttft(120, 500).build();

    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasPercentileAtMost(Metric.TTFT, 97, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("percentile 97.0 is not reported; use one of [0.0, 1.0, 5.0");
    assertThatThrownBy(() -> PerfAssertions.assertThat(report)
        .hasPercentileAtMost(Metric.OUTPUT_TOKENS, 99, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("measured in tokens");
  }

  @Test
  @Timeout(30)
  void realRunPassesGenerousSlo() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(2)).outputTokens(8)
        .start()) {
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(4).number(40).maxTokens(8).testConnection(false)
          .noOutputFiles().build().run();

      PerfAssertions.assertThat(result)
          .hasP99TtftAtMost(Duration.ofMillis(1000))
          .hasP50TtftAtMost(Duration.ofMillis(500))
          .hasSuccessRateAtLeast(1.0)
          .hasOutputThroughputAtLeast(10)
          .hasNoWarningsOtherThan("fewer than 100 samples", "CPU was saturated")
          .singleRun().completedAllRequests();
      assertThatThrownBy(() -> PerfAssertions.assertThat(result)
          .hasP50TtftAtMost(Duration.ofMillis(1)))
          .hasMessageStartingWith("Expected p50 TTFT of run 'parallel_4_number_40' to be at most"
              + " 1 ms but was ");
    }
  }

  /** Builds a report with only the values a test sets. */
  private static final class Fixture {
    private final String name;
    private long total = 40;
    private long success = 40;
    private boolean cancelled;
    private Map<ErrorKind, Long> failures = Map.of();
    private final Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    private OptionalDouble outputThroughput = OptionalDouble.empty();
    private List<String> warnings = List.of();

    Fixture(String name) {
      this.name = name;
    }

    Fixture requests(long total, long success) {
      this.total = total;
      this.success = success;
      return this;
    }

    Fixture failures(Map<ErrorKind, Long> failures) {
      this.failures = failures;
      return this;
    }

    Fixture cancelled() {
      cancelled = true;
      return this;
    }

    /** Sets a TTFT distribution with median {@code p50} and {@code p99} from the 99th up. */
    Fixture ttft(double p50, double p99) {
      distributions.put(Metric.TTFT, distribution(Metric.TTFT, p50, p99));
      return this;
    }

    Fixture latency(double p50, double p99) {
      distributions.put(Metric.LATENCY, distribution(Metric.LATENCY, p50, p99));
      return this;
    }

    Fixture outputThroughput(double tokensPerSecond) {
      outputThroughput = OptionalDouble.of(tokensPerSecond);
      return this;
    }

    Fixture warnings(String... warnings) {
      this.warnings = List.of(warnings);
      return this;
    }

    RunReport build() {
      int number = Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
      RunInfo info = new RunInfo(name, 0, 1, null, OptionalInt.of(4), number,
          OptionalDouble.empty(), false, "openai", ApiKind.GENERATION, "m",
          "http://127.0.0.1:1/v1/chat/completions", "prompt", 0L, Map.of());
      OptionalDouble none = OptionalDouble.empty();
      RunSummary summary = new RunSummary(none, none, none, none, none, none, none, none,
          outputThroughput, none, none, none, none, none, none, none);
      return new RunReport(info, cancelled, Duration.ofSeconds(10), total, success,
          total - success, total, 0, failures, Map.of(), summary, distributions, warnings);
    }

    private static Distribution distribution(Metric metric, double p50, double p99) {
      List<Percentile> points = new ArrayList<>();
      for (double rank : RANKS) {
        double value = p99;
        if (rank < 50) {
          value = p50 * rank / 50;
        } else if (rank < 99) {
          value = p50;
        }
        String label = rank + "%";
        if (rank == 0) {
          label = "min";
        } else if (rank == 100) {
          label = "max";
        }
        points.add(new Percentile(rank, label, value));
      }
      return new Distribution(metric, 40, OptionalDouble.of(p50), points);
    }
  }
}
