package dev.tokenstorm.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaGroupResult;
import dev.tokenstorm.api.sla.SlaOutcome;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.api.sla.SlaResult;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.SlaTuning;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunes against a simulated server that generates at most K responses at once and queues the rest
 * in arrival order. Each response takes S = 60 ms to the first token plus 4 x 10 ms for the other
 * four tokens, about 100 ms. In a closed loop of P workers, every request takes S while P <= K;
 * beyond K requests wait whole rounds of S, so the p99 latency is S x ceil(P / K) and the p99 TTFT
 * jumps from 60 ms to at least 160 ms. The client adds some tens of milliseconds on a busy
 * machine, never less, so each threshold sits above the expected value plus that overhead and
 * below the next step's minimum. Most tests judge the 90th percentile, which a single slow request
 * of a short run cannot move, while a step past K still moves it, because at least a fifth of the
 * requests then wait.
 */
@Timeout(60)
class SlaTuningEndToEndTest {

  private static final double SERVICE_SECONDS = 0.1;

  private static SimulatedLlmServer server(int capacity) {
    return SimulatedLlmServer.builder().capacity(capacity).ttft(Duration.ofMillis(60))
        .interTokenDelay(Duration.ofMillis(10)).outputTokens(5).start();
  }

  private static PerfRun.Builder run(SimulatedLlmServer server) {
    return PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi")
        .maxTokens(5).sleepInterval(Duration.ZERO).noOutputFiles();
  }

  private static SlaTuning.Builder tuning() {
    return SlaTuning.builder().numRuns(1).minRequests(16).upperBound(16);
  }

  /**
   * Sends a short benchmark first, so that class loading and JIT compilation of the client do not
   * slow the first measured value of whichever test runs first.
   */
  @BeforeAll
  static void warmUpTheClient() {
    try (SimulatedLlmServer server = server(8)) {
      run(server).parallel(8).number(80).build().run();
    }
  }

  private static List<Double> measuredValues(SlaResult result) {
    return result.points().stream().map(SlaPoint::value).toList();
  }

  @Test
  void p99LatencyLimitFindsTheServerCapacity() {
    // p99 of a short run is its slowest request, so this test doubles S to 200 ms and sets the
    // threshold 100 ms away from both S and 2 S.
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().capacity(4)
        .ttft(Duration.ofMillis(160)).interTokenDelay(Duration.ofMillis(10)).outputTokens(5)
        .start()) {
      SlaResult result = run(server).parallel(4)
          .slaTuning(tuning().group(Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(300)))
              .build())
          .build().tune();

      assertThat(result.best()).as(result.table()).hasValue(4);
      assertThat(result.groups().get(0).outcome()).isEqualTo(SlaOutcome.SATISFIED);
      assertThat(measuredValues(result)).containsExactly(4.0, 8.0, 6.0, 5.0);
      assertThat(result.point(5).orElseThrow().averaged().percentile(Metric.LATENCY, 99)
          .getAsDouble()).isGreaterThan(0.4);
      assertThat(result.cancelled()).isFalse();
    }
  }

  @Test
  void p90TtftFromEvalscopeJsonFindsTheCapacity() {
    try (SimulatedLlmServer server = server(2)) {
      SlaResult result = PerfRun.fromJson("""
              {"model": "m", "url": "%s", "prompt": "hi", "max_tokens": 5, "parallel": 2,
               "sleep_interval": 0, "sla_auto_tune": true, "sla_variable": "parallel",
               "sla_params": [{"p90_ttft": "<=140ms"}], "sla_upper_bound": 16,
               "sla_num_runs": 1, "sla_min_requests": 16}
              """.formatted(server.chatCompletionsUrl()))
          .noOutputFiles().build().tune();

      assertThat(result.best()).as(result.table()).hasValue(2);
      assertThat(result.groups().get(0).criteria())
          .containsExactly(Sla.p90(Metric.TTFT).atMost(Duration.ofMillis(140)));
      assertThat(measuredValues(result)).containsExactly(2.0, 4.0, 3.0);
    }
  }

  @Test
  void groupsAreSearchedSeparatelyAndShareMeasurements() {
    try (SimulatedLlmServer server = server(2)) {
      SlaResult result = run(server).parallel(2)
          .slaTuning(tuning()
              .group(Sla.p90(Metric.LATENCY).atMost(Duration.ofMillis(185)))
              .group(Sla.p90(Metric.LATENCY).atMost(Duration.ofMillis(270)))
              .build())
          .build().tune();

      assertThat(result.groups()).extracting(g -> g.best().orElseThrow())
          .as(result.table()).containsExactly(2.0, 4.0);
      assertThat(measuredValues(result)).containsExactly(2.0, 4.0, 3.0, 8.0, 6.0, 5.0);
      assertThat(result.measurements().runs()).hasSize(6);
      assertThat(result.groups().get(1).checks()).extracting(c -> c.point().value())
          .containsExactly(2.0, 4.0, 8.0, 6.0, 5.0);
      assertThat(server.totalRequests()).isEqualTo(1 + 6 * 16);
    }
  }

  @Test
  void goalNeverMetReportsTheLowerBound() {
    try (SimulatedLlmServer server = server(4)) {
      SlaResult result = run(server).parallel(4)
          .slaTuning(tuning().minRequests(4)
              .group(Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(1))).build())
          .build().tune();

      SlaGroupResult group = result.groups().get(0);
      assertThat(group.outcome()).isEqualTo(SlaOutcome.FAILED_AT_LOWER_BOUND);
      assertThat(group.best()).isEmpty();
      assertThat(group.note()).isEqualTo("Failed at lower bound (1)");
      assertThat(measuredValues(result)).containsExactly(4.0, 2.0, 1.0);
      assertThat(result.table()).contains("| p99_latency <= 0.001 s | parallel | None"
          + " | Failed at lower bound (1) |");
    }
  }

  @Test
  void goalAlwaysMetReportsTheUpperBound() {
    try (SimulatedLlmServer server = server(4)) {
      SlaResult result = run(server).parallel(2)
          .slaTuning(tuning().upperBound(8).minRequests(8)
              .group(Sla.p99(Metric.LATENCY).atMost(Duration.ofSeconds(10))).build())
          .build().tune();

      SlaGroupResult group = result.groups().get(0);
      assertThat(group.outcome()).isEqualTo(SlaOutcome.UPPER_BOUND_REACHED);
      assertThat(group.best()).hasValue(8);
      assertThat(group.note()).isEqualTo("Satisfied up to the upper bound (8)");
      assertThat(measuredValues(result)).containsExactly(2.0, 4.0, 8.0);
    }
  }

  @Test
  void rateTuningFindsTheCapacityKnee() {
    // Capacity: K / S = 40 requests per second. Poisson arrivals queue now and then below it, and
    // above it the queue grows through the run, so the mean latency crosses 2 S near 40 req/s.
    try (SimulatedLlmServer server = server(4)) {
      double capacity = 4 / SERVICE_SECONDS;
      SlaResult result = run(server).rate(15).seed(11)
          .slaTuning(SlaTuning.builder().variable(SlaVariable.RATE).numRuns(1)
              .numberMultiplier(1).minRequests(20).lowerBound(5).upperBound(160)
              .fixedParallel(64).rateTolerance(0.15)
              .group(Sla.avg(Metric.LATENCY).atMost(Duration.ofMillis(200))).build())
          .build().tune();

      double best = result.best().getAsDouble();
      assertThat(best).as(result.table()).isBetween(0.5 * capacity, 1.4 * capacity);
      assertThat(measuredValues(result)).as("rates are bisected on real numbers")
          .anyMatch(v -> v != Math.rint(v));
      assertThat(result.groups().get(0).checks())
          .anyMatch(c -> !c.passed() && c.point().value() > best);
      RunReport first = result.measurements().runs().get(0);
      assertThat(first.run().rate()).hasValue(15);
      assertThat(first.run().parallel()).hasValue(64);
      assertThat(first.run().openLoop()).isFalse();
      assertThat(first.totalRequests()).isEqualTo(20);
    }
  }

  @Test
  void openLoopRateTuningRunsThroughRun() {
    try (SimulatedLlmServer server = server(8)) {
      PerfResult result = run(server).openLoop(true).rate(20)
          .slaTuning(SlaTuning.builder().variable(SlaVariable.RATE).numRuns(1)
              .numberMultiplier(0.5).minRequests(10).upperBound(40)
              .group(Sla.p90(Metric.LATENCY).atMost(Duration.ofSeconds(5))).build())
          .build().run();

      assertThat(result.runs()).extracting(r -> r.run().name())
          .containsExactly("sla_rate_20_run_0", "sla_rate_40_run_0");
      assertThat(result.runs()).extracting(RunReport::totalRequests).containsExactly(10L, 20L);
      RunReport last = result.runs().get(1);
      assertThat(last.run().openLoop()).isTrue();
      assertThat(last.run().parallel()).isEmpty();
      assertThat(last.run().rate()).hasValue(40);
    }
  }

  @Test
  void maximiseThroughputReachesTheCapacityPlateau() {
    try (SimulatedLlmServer server = server(4)) {
      SlaResult result = run(server).parallel(1)
          .slaTuning(tuning().minRequests(8).group(Sla.outputThroughput().maximise()).build())
          .build().tune();

      SlaGroupResult group = result.groups().get(0);
      assertThat(group.outcome()).isEqualTo(SlaOutcome.OPTIMISED);
      assertThat(group.best().getAsDouble()).as(result.table()).isBetween(4.0, 16.0);
      double plateau = 4 * 5 / SERVICE_SECONDS;
      assertThat(group.goalValue().getAsDouble()).isBetween(0.7 * plateau, 1.1 * plateau);
      assertThat(group.note()).startsWith("Best tps: ").endsWith(" tok/s");
    }
  }

  @Test
  void minimiseLatencySearchesBelowTheStart() {
    try (SimulatedLlmServer server = server(2)) {
      SlaResult result = run(server).parallel(8)
          .slaTuning(tuning().minRequests(8).group(Sla.avg(Metric.LATENCY).minimise()).build())
          .build().tune();

      assertThat(result.best().getAsDouble()).as(result.table()).isLessThanOrEqualTo(2);
      assertThat(measuredValues(result).subList(0, 3)).containsExactly(8.0, 16.0, 4.0);
    }
  }

  @Test
  void outputFilesFollowEvalscopesLayout(@TempDir Path dir) throws Exception {
    try (SimulatedLlmServer server = server(2)) {
      RecordingSink sink = new RecordingSink();
      SlaResult result = run(server).parallel(2).outputsDir(dir).name("sla").noTimestamp(true)
          .sink(sink)
          .slaTuning(tuning().numRuns(2).minRequests(12).upperBound(3)
              .group(Sla.p90(Metric.LATENCY).atMost(Duration.ofMillis(185))).build())
          .build().tune();

      Path root = dir.resolve("sla");
      assertThat(result.outputDirectory()).hasValue(root);
      assertThat(result.best()).as(result.table()).hasValue(2);
      assertThat(measuredValues(result)).containsExactly(2.0, 3.0);
      for (String value : List.of("2", "3")) {
        for (int run = 0; run < 2; run++) {
          Path folder = root.resolve("sla_tuning").resolve("sla_parallel_" + value + "_run_" + run);
          assertThat(folder.resolve("benchmark_summary.json")).isRegularFile();
          assertThat(folder.resolve("benchmark_percentile.json")).isRegularFile();
          assertThat(folder.resolve("benchmark_args.json")).isRegularFile();
        }
      }
      JsonNode args = new ObjectMapper().readTree(root.resolve(
          "sla_tuning/sla_parallel_3_run_1/benchmark_args.json").toFile());
      assertThat(args.get("parallel").get(0).asInt()).isEqualTo(3);
      assertThat(args.get("number").get(0).asInt()).isEqualTo(12);
      assertThat(args.get("sla_auto_tune").asBoolean()).isTrue();

      JsonNode summary = new ObjectMapper().readTree(root.resolve("sla_summary.json").toFile());
      assertThat(summary.fieldNames()).toIterable()
          .containsExactly("parallel_2", "parallel_3");
      JsonNode two = summary.get("parallel_2");
      assertThat(two.get("metrics").get("Concurrency").asInt()).isEqualTo(2);
      assertThat(two.get("metrics").get("Total Requests").asInt()).isEqualTo(12);
      assertThat(two.get("metrics").get("Runs").asInt()).isEqualTo(2);
      assertThat(two.get("metrics").get("Avg Latency (s)").asDouble())
          .isEqualTo(result.point(2).orElseThrow().averaged().summary().avgLatencySeconds()
              .getAsDouble());
      assertThat(two.get("percentiles").get("Percentiles")).hasSize(15);
      assertThat(two.get("percentiles").get("Latency (s)")).hasSize(15);
      assertThat(two.get("percentiles").get("TTFT (ms)").get(12).asDouble())
          .isEqualTo(result.point(2).orElseThrow().averaged().percentile(Metric.TTFT, 99)
              .getAsDouble());

      String text = Files.readString(root.resolve("performance_summary.txt"),
          StandardCharsets.UTF_8);
      assertThat(text).contains("==== Value 1 of 2: parallel_2 (mean of 2 runs) ====",
          "==== Measured values ====", "==== SLA tuning ====", result.table());
      String log = Files.readString(root.resolve("benchmark.log"), StandardCharsets.UTF_8);
      assertThat(log).contains("SLA tuning of parallel from 1 to 3, starting at 2",
          "SLA run sla_parallel_3_run_1", result.table());

      assertThat(sink.events()).containsExactly(
          "start:sla_parallel_2_run_0", "end:sla_parallel_2_run_0:12",
          "start:sla_parallel_2_run_1", "end:sla_parallel_2_run_1:24",
          "start:sla_parallel_3_run_0", "end:sla_parallel_3_run_0:36",
          "start:sla_parallel_3_run_1", "end:sla_parallel_3_run_1:48",
          "close");
      assertThat(sink.starts()).extracting(r -> r.index()).containsExactly(0, 1, 2, 3);
      assertThat(sink.starts()).extracting(r -> r.outputDir()).containsExactly(
          root.resolve("sla_tuning/sla_parallel_2_run_0"),
          root.resolve("sla_tuning/sla_parallel_2_run_1"),
          root.resolve("sla_tuning/sla_parallel_3_run_0"),
          root.resolve("sla_tuning/sla_parallel_3_run_1"));
    }
  }
}
