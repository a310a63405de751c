package dev.tokenstorm.core.internal.visualizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SwanLabSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Implements the part of SwanLab's API the sink uses; the project already exists (409). */
  private static RecordingServer.Reply service(RecordingServer.Call call) {
    return switch (call.method() + " " + call.path()) {
      case "POST /api/login/api_key" -> RecordingServer.Reply.ok(
          "{\"sid\": \"sid-1\", \"expiredAt\": \"2099-01-01T00:00:00.000Z\","
              + " \"userInfo\": {\"username\": \"alice\"}}");
      case "POST /api/project" -> new RecordingServer.Reply(409, "{\"username\": \"alice\"}");
      case "GET /api/project/alice/perf_benchmark" -> RecordingServer.Reply.ok(
          "{\"cuid\": \"proj-1\", \"name\": \"perf_benchmark\"}");
      case "POST /api/project/alice/perf_benchmark/experiment" -> new RecordingServer.Reply(201,
          "{\"cuid\": \"exp-1\", \"name\": \"x\", \"flagId\": \"flag-1\"}");
      default -> RecordingServer.Reply.ok("{}");
    };
  }

  private static ResultSink sink(Map<String, String> env, Duration interval) {
    return Visualizers.create("swanlab", Fixtures.settings(env, interval));
  }

  @Test
  void fullRunRequestSequence() throws Exception {
    try (RecordingServer server = new RecordingServer(SwanLabSinkTest::service);
        ResultSink sink = sink(Map.of("SWANLAB_HOST", server.baseUrl()), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRecord(Fixtures.success(1, 10));
      sink.onRunEnd(Fixtures.report(run, false));

      List<String> requests = server.calls().stream().map(c -> c.method() + " " + c.path())
          .toList();
      assertThat(requests).containsExactly(
          "POST /api/login/api_key",
          "POST /api/project",
          "GET /api/project/alice/perf_benchmark",
          "POST /api/project/alice/perf_benchmark/experiment",
          "PUT /api/project/alice/perf_benchmark/runs/exp-1/profile",
          "POST /api/experiment/exp-1/columns",
          "POST /api/house/metrics",
          "POST /api/house/metrics",
          "POST /api/experiment/exp-1/columns",
          "POST /api/house/metrics",
          "PUT /api/project/alice/perf_benchmark/runs/exp-1/state");

      RecordingServer.Call login = server.calls().get(0);
      assertThat(login.header("authorization")).isEqualTo(Fixtures.API_KEY);
      assertThat(login.header("cookie")).isNull();
      for (RecordingServer.Call call : server.calls().subList(1, server.calls().size())) {
        assertThat(call.header("cookie")).isEqualTo("sid=sid-1");
        assertThat(call.header("authorization")).isNull();
      }
      assertThat(server.calls().get(1).json().path("name").asText()).isEqualTo("perf_benchmark");

      JsonNode experiment = server.calls().get(3).json();
      assertThat(experiment.path("name").asText()).isEqualTo("m_20260101_120000");
      assertThat(experiment.path("colors").size()).isEqualTo(2);

      RecordingServer.Call profile = server.calls().get(4);
      assertThat(profile.header("flagId")).isEqualTo("flag-1");
      JsonNode config = profile.json().path("config");
      assertThat(config.path("model").path("value").asText()).isEqualTo("m");
      assertThat(config.path("model").path("sort").asInt()).isZero();
      assertThat(config.path("model").path("desc").asText()).isEmpty();
      assertThat(config.path("wandb_api_key").path("value").asText()).isEqualTo("**********");

      JsonNode columns = server.calls().get(5).json();
      assertThat(columns.get(0).path("class").asText()).isEqualTo("CUSTOM");
      assertThat(columns.get(0).path("type").asText()).isEqualTo("FLOAT");
      assertThat(columns.get(0).path("key").asText()).isEqualTo("Test Duration (s)");

      JsonNode metrics = server.calls().get(7).json();
      assertThat(metrics.path("projectId").asText()).isEqualTo("proj-1");
      assertThat(metrics.path("experimentId").asText()).isEqualTo("exp-1");
      assertThat(metrics.path("type").asText()).isEqualTo("scalar");
      assertThat(metrics.path("flagId").asText()).isEqualTo("flag-1");
      JsonNode total = findKey(metrics.path("metrics"), "Total Requests");
      assertThat(total.path("data").asDouble()).isEqualTo(2.0);
      assertThat(total.path("index").asInt()).isEqualTo(1);
      assertThat(total.path("create_time").asText()).endsWith("Z");

      JsonNode laterColumns = server.calls().get(8).json();
      assertThat(laterColumns).allSatisfy(c -> assertThat(c.path("key").asText())
          .isIn("Concurrency", "Stream Requests", "Non-Stream Requests", "Achieved Rate (req/s)",
              "Avg TTFC (ms)", "Input Throughput (tok/s)", "Percentiles/TTFT (ms)/min",
              "Percentiles/TTFT (ms)/50%", "Percentiles/TTFT (ms)/99%", "Percentiles/TTFT (ms)/max",
              "Percentiles/Latency (s)/min", "Percentiles/Latency (s)/50%",
              "Percentiles/Latency (s)/99%", "Percentiles/Latency (s)/max"));
      JsonNode finalMetrics = server.calls().get(9).json().path("metrics");
      assertThat(findKey(finalMetrics, "Percentiles/TTFT (ms)/99%").path("data").asDouble())
          .isEqualTo(110.0);

      JsonNode state = server.calls().get(10).json();
      assertThat(state.path("state").asText()).isEqualTo("FINISHED");
      assertThat(state.path("from").asText()).isEqualTo("sdk");
      assertThat(state.path("finishedAt").asText()).endsWith("Z");
    }
  }

  @Test
  void apiHostAndWorkspaceVariables() throws Exception {
    try (RecordingServer server = new RecordingServer(call -> switch (call.path()) {
      case "/v1/login/api_key" -> RecordingServer.Reply.ok("{\"sid\": \"s\","
          + " \"userInfo\": {\"username\": \"alice\"}}");
      case "/v1/project" -> new RecordingServer.Reply(201, "{\"username\": \"lab\"}");
      case "/v1/project/lab/bench" -> RecordingServer.Reply.ok("{\"cuid\": \"p\"}");
      case "/v1/project/lab/bench/experiment" -> RecordingServer.Reply.ok("{\"cuid\": \"e\"}");
      default -> RecordingServer.Reply.ok("{}");
    });
        ResultSink sink = sink(Map.of("SWANLAB_API_HOST", server.baseUrl() + "/v1",
            "SWANLAB_HOST", "http://127.0.0.1:9", "SWANLAB_WORKSPACE", "lab",
            "SWANLAB_PROJ_NAME", "bench"), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRunEnd(Fixtures.report(run, true));

      assertThat(server.calls().get(1).json().path("username").asText()).isEqualTo("lab");
      assertThat(server.callsTo("/v1/project/lab/bench/runs/e/state").get(0).json()
          .path("state").asText()).isEqualTo("ABORTED");
    }
  }

  @Test
  void failedLoginStopsUploads() throws Exception {
    try (RecordingServer server = new RecordingServer(c -> new RecordingServer.Reply(401, "{}"));
        ResultSink sink = sink(Map.of("SWANLAB_HOST", server.baseUrl()), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .isInstanceOf(IOException.class)
          .hasMessage("swanlab: 1 of 1 uploads failed and 3 were skipped for run "
              + "'parallel_2_number_3': HTTP 401 from " + server.baseUrl() + "/api/login/api_key");
      assertThat(server.calls()).hasSize(1);
    }
  }

  @Test
  void localModeWritesRunFiles(@TempDir Path root)
      throws Exception {
    VisualizerSettings settings = new VisualizerSettings("m_20260101_120000", "m", "local",
        Map.of(), root, Duration.ZERO, Fixtures.maskedConfig());
    try (ResultSink sink = Visualizers.create("swanlab", settings)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRecord(Fixtures.failure(1, 10));
      sink.onRunEnd(Fixtures.report(run, false));
    }

    Path dir = root.resolve("swanlog").resolve("m_20260101_120000");
    JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
    assertThat(config.path("project").asText()).isEqualTo("perf_benchmark");
    assertThat(config.path("config").path("max_tokens").path("value").asInt()).isEqualTo(32);
    List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(3);
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.path("index").asInt()).isEqualTo(1);
    assertThat(second.path("metrics").path("Failed Requests").asDouble()).isEqualTo(1.0);
    JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.path("state").asText()).isEqualTo("FINISHED");
    assertThat(summary.path("percentiles").path("Latency (s)").path("max").asDouble())
        .isEqualTo(0.22);
    assertThat(Files.readString(dir.resolve("config.json"))).doesNotContain(Fixtures.API_KEY);
  }

  @Test
  void localModeSkipsExistingFolder(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("swanlog").resolve("m_20260101_120000"));
    VisualizerSettings settings = new VisualizerSettings("m_20260101_120000", "m", null,
        Map.of("SWANLAB_MODE", "local"), root, Duration.ZERO, Map.of());
    try (ResultSink sink = Visualizers.create("swanlab", settings)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRunEnd(Fixtures.report(run, false));
    }

    assertThat(root.resolve("swanlog").resolve("m_20260101_120000-2").resolve("summary.json"))
        .exists();
  }

  private static JsonNode findKey(JsonNode metrics, String key) {
    for (JsonNode metric : metrics) {
      if (metric.path("key").asText().equals(key)) {
        return metric;
      }
    }
    throw new AssertionError("no metric with key " + key + " in " + metrics);
  }
}
