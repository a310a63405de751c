package dev.tokenstorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaVariable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SlaTuningValidationTest {

  private static PerfRun.Builder valid() {
    return PerfRun.builder().model("m").url("http://127.0.0.1:9/v1/chat/completions").prompt("hi");
  }

  private static List<String> problems(Runnable build) {
    try {
      build.run();
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected an InvalidConfigException");
  }

  @Test
  void defaultsFollowEvalscope() {
    SlaTuning tuning = SlaTuning.builder().build();

    assertThat(tuning.variable()).isEqualTo(SlaVariable.PARALLEL);
    assertThat(tuning.upperBound()).isEqualTo(65_536);
    assertThat(tuning.lowerBound()).isEqualTo(1);
    assertThat(tuning.numRuns()).isEqualTo(3);
    assertThat(tuning.numberMultiplier()).isEqualTo(2);
    assertThat(tuning.maxFailureRate()).isZero();
    assertThat(tuning.rateTolerance()).isEqualTo(0.05);
    assertThat(tuning.fixedParallel()).isEmpty();
    assertThat(tuning.groups()).containsExactly(List.of());
  }

  @Test
  void minimumRequestsFollowTheHighestPercentile() {
    assertThat(SlaTuning.builder().group(Sla.avg(Metric.LATENCY).atMost(1)).build().minRequests())
        .isEqualTo(20);
    assertThat(SlaTuning.builder().group(Sla.p90(Metric.TTFT).atMost(1)).build().minRequests())
        .isEqualTo(20);
    assertThat(SlaTuning.builder().group(Sla.p99(Metric.TTFT).atMost(1))
        .group(Sla.p50(Metric.LATENCY).atMost(1)).build().minRequests()).isEqualTo(100);
    assertThat(SlaTuning.builder().group(Sla.percentile(Metric.TPOT, 99.9).atMost(1)).build()
        .minRequests()).isEqualTo(1000);
    assertThat(SlaTuning.builder().group(Sla.percentile(Metric.LATENCY, 100).atMost(1)).build()
        .minRequests()).isEqualTo(20);
    assertThat(SlaTuning.builder().group(Sla.p99(Metric.TTFT).atMost(1)).minRequests(7).build()
        .minRequests()).isEqualTo(7);
  }

  @Test
  void requestsPerRunScaleAboveTheMinimum() {
    SlaTuning tuning = SlaTuning.builder().minRequests(10).numberMultiplier(2.5).build();

    assertThat(tuning.requestsPerRun(1)).isEqualTo(10);
    assertThat(tuning.requestsPerRun(4)).isEqualTo(10);
    assertThat(tuning.requestsPerRun(4.2)).isEqualTo(11);
    assertThat(tuning.requestsPerRun(100)).isEqualTo(250);
  }

  @Test
  void builderReportsEveryProblemAtOnce() {
    List<String> problems = problems(() -> SlaTuning.builder()
        .numRuns(0).numberMultiplier(0).minRequests(0).maxFailureRate(1).rateTolerance(0)
        .lowerBound(0.5).upperBound(0.25).fixedParallel(0)
        .criteria("[{\"p99_latency\": \"<=\"}]")
        .group(Sla.outputThroughput().maximise(), Sla.requestThroughput().minimise())
        .build());

    assertThat(problems).containsExactly(
        "slaTuning criteria group 1, p99_latency: condition '<=' is not understood; use <=, <, >="
            + " or > followed by a number (with ms or s for times), or max or min",
        "slaTuning group 1 has 2 optimisation goals [tps -> max, rps -> min] but a group can"
            + " optimise only one measure; put each goal in its own group",
        "slaTuning fixedParallel (sla_fixed_parallel) must be at least 1 but was 0",
        "slaTuning fixedParallel (sla_fixed_parallel) applies only when tuning rate, but the"
            + " variable is parallel; remove it or tune rate",
        "slaTuning bounds of parallel (sla_lower_bound, sla_upper_bound) must be whole numbers but"
            + " were lowerBound 0.5 and upperBound 0.25",
        "slaTuning lowerBound (sla_lower_bound) of parallel must be at least 1 but was 0.5",
        "slaTuning upperBound (sla_upper_bound) 0.25 must be at least lowerBound"
            + " (sla_lower_bound) 0.5",
        "slaTuning numRuns (sla_num_runs) must be at least 1 but was 0",
        "slaTuning numberMultiplier (sla_number_multiplier) must be a number greater than 0 but"
            + " was 0.0",
        "slaTuning minRequests (sla_min_requests) must be at least 1 but was 0",
        "slaTuning maxFailureRate (sla_max_failure_rate) must be a fraction from 0 (inclusive) to"
            + " 1 (exclusive) but was 1.0",
        "slaTuning rateTolerance (sla_rate_tolerance) must be between 0 and 1 (exclusive) but was"
            + " 0.0");
  }

  @Test
  void rateBoundsMayBeFractionalButPositive() {
    SlaTuning tuning = SlaTuning.builder().variable(SlaVariable.RATE).lowerBound(0.25)
        .upperBound(7.5).fixedParallel(4).build();
    assertThat(tuning.lowerBound()).isEqualTo(0.25);
    assertThat(tuning.fixedParallel()).hasValue(4);

    assertThat(problems(() -> SlaTuning.builder().variable(SlaVariable.RATE).lowerBound(0).build()))
        .containsExactly("slaTuning lowerBound (sla_lower_bound) of rate must be greater than 0"
            + " but was 0.0");
    assertThat(problems(() -> SlaTuning.builder().upperBound(Double.POSITIVE_INFINITY).build()))
        .containsExactly("slaTuning bounds (sla_lower_bound, sla_upper_bound) must be finite"
            + " numbers but were lowerBound 1.0 and upperBound Infinity");
  }

  @Test
  void typedAndJsonCriteriaKeepTheirOrder() {
    SlaTuning tuning = SlaTuning.builder()
        .group(Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500)))
        .criteria("[{\"avg_latency\": \"<=2\"}, {\"tps\": \"max\"}]")
        .group(Sla.requestThroughput().atLeast(3))
        .build();

    assertThat(tuning.groups()).containsExactly(
        List.of(Sla.p99(Metric.TTFT).atMost(500)),
        List.of(Sla.avg(Metric.LATENCY).atMost(2)),
        List.of(Sla.outputThroughput().maximise()),
        List.of(Sla.requestThroughput().atLeast(3)));
  }

  @Test
  void documentKeysBuildTheTuning() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("model", "m");
    document.put("url", "http://127.0.0.1:9/v1/chat/completions");
    document.put("prompt", "hi");
    document.put("sla_auto_tune", true);
    document.put("sla_variable", "rate");
    document.put("sla_params", "[{\"p99_ttft\": \"<=500ms\"}]");
    document.put("sla_upper_bound", 40);
    document.put("sla_lower_bound", "0.5");
    document.put("sla_fixed_parallel", 8);
    document.put("sla_num_runs", 1);
    document.put("sla_number_multiplier", 3);
    document.put("sla_max_failure_rate", 0.01);
    PerfRun run = PerfRun.fromMap(document).build();

    Map<String, Object> described = run.describe();
    assertThat(described).containsEntry("sla_auto_tune", true)
        .containsEntry("sla_variable", "rate")
        .containsEntry("sla_params", List.of(Map.of("p99_ttft", "<=500ms")))
        .containsEntry("sla_upper_bound", 40.0)
        .containsEntry("sla_lower_bound", 0.5)
        .containsEntry("sla_fixed_parallel", 8)
        .containsEntry("sla_num_runs", 1)
        .containsEntry("sla_number_multiplier", 3.0)
        .containsEntry("sla_min_requests", 100)
        .containsEntry("sla_max_failure_rate", 0.01)
        .containsEntry("rate", List.of(0.5));
  }

  @Test
  void documentWithoutAutoTuneRunsASweep() {
    PerfRun run = PerfRun.fromMap(Map.of("model", "m", "url",
        "http://127.0.0.1:9/v1/chat/completions", "prompt", "hi", "sla_auto_tune", false,
        "sla_params", "[{\"p99_latency\": \"<=2\"}]")).build();

    assertThat(run.describe()).doesNotContainKey("sla_variable");
    assertThatThrownBy(run::tune).isInstanceOf(IllegalStateException.class)
        .hasMessage("no SLA tuning is configured: set slaTuning(...) on the builder, or"
            + " sla_auto_tune and sla_params in the configuration document");
  }

  @Test
  void documentErrorsNameTheirKeys() {
    List<String> problems = problems(() -> PerfRun.fromMap(Map.of("model", "m", "prompt", "hi",
        "sla_auto_tune", true, "sla_variable", "concurrency", "sla_num_runs", "three",
        "sla_params", "[{\"p99_latency\": \"<=2\", \"p99_speed\": \"<1\"}]",
        "sla_upper_bound", "lots")).build());

    assertThat(problems).containsExactlyInAnyOrder(
        "sla_variable must be 'parallel' or 'rate' but was 'concurrency'",
        "sla_num_runs must be a whole number but was 'three'",
        "sla_params group 1, p99_speed: metric 'p99_speed' is not known; use rps, tps, or avg_,"
            + " p50_, p90_, p99_ (any reported percentile), min_ or max_ followed by one of"
            + " latency, ttft, ttfc, itl, tpot, input_tokens, output_tokens, output_throughput,"
            + " total_throughput, decode_throughput, input_throughput, queue_time,"
            + " latency_from_schedule",
        "sla_upper_bound must be a number but was 'lots'");
  }

  @Test
  void documentRejectsANonBooleanAutoTune() {
    assertThat(problems(() -> PerfRun.fromMap(Map.of("model", "m", "prompt", "hi",
        "sla_auto_tune", "yes")).build()))
        .containsExactly("sla_auto_tune must be true or false but was 'yes'");
  }

  @Test
  void parallelTuningNeedsAClosedLoop() {
    assertThat(problems(() -> valid().openLoop(true).rate(5)
        .slaTuning(SlaTuning.builder().build()).build()))
        .containsExactly("SLA tuning of parallel needs a closed loop, but openLoop is true; tune"
            + " rate with an open loop, or set openLoop(false)");
  }

  @Test
  void sweepListsOnlyGiveTheStartValue() {
    PerfRun run = valid().parallel(3, 5).number(10).openLoop(false)
        .slaTuning(SlaTuning.builder().build()).build();

    assertThat(run.describe()).containsEntry("parallel", List.of(3));
  }

  @Test
  void startRejectsTuningRuns() {
    PerfRun run = valid().slaTuning(SlaTuning.builder().build()).build();

    assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("this PerfRun is configured for SLA tuning, which start() does not run; call"
            + " tune(), or run() for its runs as a PerfResult");
  }

  @Test
  void builderTuningReplacesTheDocumentsKeys() {
    PerfRun run = PerfRun.fromMap(Map.of("model", "m", "prompt", "hi", "sla_auto_tune", true,
            "sla_variable", "bogus"))
        .slaTuning(SlaTuning.builder().variable(SlaVariable.RATE).build())
        .build();

    assertThat(run.describe()).containsEntry("sla_variable", "rate");
  }
}
