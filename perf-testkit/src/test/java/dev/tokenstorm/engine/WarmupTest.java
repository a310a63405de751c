package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class WarmupTest {

  @Test
  @Timeout(30)
  void warmupExcludedFromEveryCount(@TempDir Path dir)
      throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(10)).interTokenDelay(Duration.ofMillis(1)).outputTokens(3)
        .start()) {
      RecordingSink sink = new RecordingSink();
      RecordingListener listener = new RecordingListener();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .dataset(new UniquePromptDataset()).parallel(2).warmup(5).number(10).maxTokens(3)
          .outputsDir(dir).name("warm").noTimestamp(true).progressTracker(true).sink(sink)
          .progressListener(listener).testConnection(false).build().run();

      List<RequestTruth> requests = server.requests();
      assertThat(requests).hasSize(15);
      Set<String> warmupMarkers = IntStream.range(0, 5).mapToObj(UniquePromptDataset::marker)
          .collect(Collectors.toSet());
      Set<String> measuredMarkers = IntStream.range(5, 15).mapToObj(UniquePromptDataset::marker)
          .collect(Collectors.toSet());
      List<RequestTruth> warmup = requests.stream()
          .filter(r -> warmupMarkers.contains(UniquePromptDataset.markerIn(r.body()))).toList();
      List<RequestTruth> measured = requests.stream()
          .filter(r -> measuredMarkers.contains(UniquePromptDataset.markerIn(r.body()))).toList();
      assertThat(warmup).hasSize(5);
      assertThat(measured).hasSize(10);
      // The warmup phase ends before the measured phase starts.
      long warmupEnd = warmup.stream().mapToLong(r -> r.completedNanos().orElseThrow()).max()
          .orElseThrow();
      long measuredStart = measured.stream().mapToLong(RequestTruth::arrivalNanos).min()
          .orElseThrow();
      assertThat(warmupEnd).isLessThan(measuredStart);

      RunReport report = result.single();
      assertThat(report.totalRequests()).isEqualTo(10);
      assertThat(report.distribution(Metric.LATENCY).orElseThrow().count()).isEqualTo(10);
      assertThat(report.distribution(Metric.INPUT_TOKENS).orElseThrow().count()).isEqualTo(10);
      assertThat(sink.records()).hasSize(10).noneMatch(RequestRecord::warmup);
      assertThat(sink.records()).extracting(r -> UniquePromptDataset.markerIn(r.requestBody()))
          .containsExactlyInAnyOrderElementsOf(measuredMarkers);
      assertThat(sink.records()).extracting(RequestRecord::index)
          .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(listener.calls("sent")).hasSize(10);
      assertThat(listener.calls("completed")).hasSize(10);
      assertThat(listener.calls("completed")).extracting(c -> c.snapshot().planned())
          .containsOnly(10L);

      ObjectMapper json = new ObjectMapper();
      JsonNode summary = json.readTree(
          dir.resolve("warm/parallel_2_number_10/benchmark_summary.json").toFile());
      assertThat(summary.get("Total Requests").asInt()).isEqualTo(10);
      JsonNode progress = json.readTree(dir.resolve("warm/progress.json").toFile());
      assertThat(progress.get("total_count").asLong()).isEqualTo(10);
      assertThat(progress.get("processed_count").asLong()).isEqualTo(10);
      assertThat(progress.get("status").asText()).isEqualTo("completed");
    }
  }

  @Test
  @Timeout(30)
  void warmupRatioFollowsOpenLoopSchedule() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(1)).outputTokens(2)
        .start()) {
      RecordingSink sink = new RecordingSink();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .dataset(new UniquePromptDataset()).openLoop(true).rate(100).number(20)
          .warmupRatio(0.5).seed(21).maxTokens(2).testConnection(false).noOutputFiles()
          .sink(sink).build().run();

      List<RequestTruth> requests = server.requests();
      assertThat(requests).hasSize(30);
      Set<String> warmupMarkers = IntStream.range(0, 10).mapToObj(UniquePromptDataset::marker)
          .collect(Collectors.toSet());
      List<RequestTruth> warmup = requests.stream()
          .filter(r -> warmupMarkers.contains(UniquePromptDataset.markerIn(r.body()))).toList();
      assertThat(warmup).hasSize(10);
      // Paced at 100 req/s, ten warmup requests spread over about 0.1 s instead of a burst.
      long first = warmup.stream().mapToLong(RequestTruth::arrivalNanos).min().orElseThrow();
      long last = warmup.stream().mapToLong(RequestTruth::arrivalNanos).max().orElseThrow();
      assertThat((last - first) / 1e6).isBetween(20.0, 200.0);

      RunReport report = result.single();
      assertThat(report.totalRequests()).isEqualTo(20);
      assertThat(sink.records()).hasSize(20).noneMatch(RequestRecord::warmup)
          .allMatch(r -> r.scheduledNanos().isPresent());
      assertThat(sink.records()).extracting(r -> UniquePromptDataset.markerIn(r.requestBody()))
          .doesNotContainAnyElementsOf(warmupMarkers);
    }
  }
}
