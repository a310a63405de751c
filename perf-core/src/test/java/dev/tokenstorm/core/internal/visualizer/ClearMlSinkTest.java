package dev.tokenstorm.core.internal.visualizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClearMlSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of(
      "CLEARML_API_ACCESS_KEY", "ACCESS1", "CLEARML_API_SECRET_KEY", "SECRET1");

  /** Implements the ClearML endpoints the sink uses; the project does not exist yet. */
  private static RecordingServer.Reply service(RecordingServer.Call call) {
    String data = switch (call.path()) {
      case "/auth.login" -> "{\"token\": \"tok-1\"}";
      case "/projects.get_all" -> "{\"projects\": []}";
      case "/projects.create" -> "{\"id\": \"proj-1\"}";
      case "/tasks.create" -> "{\"id\": \"task-1\"}";
      case "/events.add_batch" -> "{\"added\": 1, \"errors\": 0}";
      default -> "{\"updated\": 1}";
    };
    return RecordingServer.Reply.ok("{\"meta\": {\"result_code\": 200}, \"data\": " + data + "}");
  }

  private static ResultSink sink(String host, Duration interval) {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("CLEARML_API_HOST", host);
    VisualizerSettings base = Fixtures.settings(env, interval);
    return Visualizers.create("clearml", new VisualizerSettings(base.runName(), base.model(), null,
        base.environment(), null, interval, base.maskedConfig()));
  }

  @Test
  void taskLifecycleRequests() throws Exception {
    try (RecordingServer server = new RecordingServer(ClearMlSinkTest::service);
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRunEnd(Fixtures.report(run, false));

      assertThat(server.calls().stream().map(RecordingServer.Call::path).toList())
          .containsExactly("/auth.login", "/projects.get_all", "/projects.create",
              "/tasks.create", "/tasks.started", "/events.add_batch", "/events.add_batch",
              "/events.add_batch", "/tasks.completed");
      assertThat(server.calls()).allSatisfy(c -> assertThat(c.method()).isEqualTo("POST"));

      RecordingServer.Call login = server.calls().get(0);
      assertThat(login.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
          .encodeToString("ACCESS1:SECRET1".getBytes(StandardCharsets.UTF_8)));
      for (RecordingServer.Call call : server.calls().subList(1, server.calls().size())) {
        assertThat(call.header("Authorization")).isEqualTo("Bearer tok-1");
      }

      JsonNode query = server.calls().get(1).json();
      assertThat(query.path("name").asText()).isEqualTo("^perf_benchmark$");
      assertThat(query.path("only_fields").get(0).asText()).isEqualTo("id");
      assertThat(server.calls().get(2).json().path("name").asText()).isEqualTo("perf_benchmark");

      JsonNode task = server.calls().get(3).json();
      assertThat(task.path("name").asText()).isEqualTo("m_20260101_120000");
      assertThat(task.path("type").asText()).isEqualTo("testing");
      assertThat(task.path("project").asText()).isEqualTo("proj-1");
      JsonNode maxTokens = task.path("hyperparams").path("Args").path("max_tokens");
      assertThat(maxTokens.path("section").asText()).isEqualTo("Args");
      assertThat(maxTokens.path("name").asText()).isEqualTo("max_tokens");
      assertThat(maxTokens.path("value").asText()).isEqualTo("32");
      assertThat(maxTokens.path("type").asText()).isEqualTo("int");
      assertThat(task.path("hyperparams").path("Args").path("wandb_api_key").path("value")
          .asText()).isEqualTo("**********");
      assertThat(server.calls().get(4).json().path("task").asText()).isEqualTo("task-1");

      RecordingServer.Call batch = server.calls().get(5);
      assertThat(batch.header("Content-Type")).isEqualTo("application/json-lines");
      List<JsonNode> events = lines(batch.body());
      JsonNode total = events.stream()
          .filter(e -> e.path("variant").asText().equals("Total Requests")).findFirst()
          .orElseThrow();
      assertThat(total.path("task").asText()).isEqualTo("task-1");
      assertThat(total.path("type").asText()).isEqualTo("training_stats_scalar");
      assertThat(total.path("metric").asText()).isEqualTo("Performance Metrics");
      assertThat(total.path("iter").asInt()).isZero();
      assertThat(total.path("value").asDouble()).isEqualTo(1.0);
      assertThat(total.path("timestamp").asLong()).isGreaterThan(1_600_000_000_000L);

      List<JsonNode> plots = lines(server.calls().get(7).body());
      assertThat(plots).extracting(p -> p.path("type").asText()).containsOnly("plot");
      JsonNode percentiles = plots.get(1);
      assertThat(percentiles.path("metric").asText()).isEqualTo("Percentile results");
      JsonNode table = JSON.readTree(percentiles.path("plot_str").asText()).path("data").get(0);
      assertThat(table.path("type").asText()).isEqualTo("table");
      assertThat(table.path("header").path("values").toString())
          .isEqualTo("[\"Percentiles\",\"Latency (s)\",\"TTFT (ms)\"]");
      assertThat(table.path("cells").path("values").get(0).toString())
          .isEqualTo("[\"min\",\"50%\",\"99%\",\"max\"]");
      assertThat(table.path("cells").path("values").get(2).get(2).asText()).isEqualTo("110");

      assertThat(server.calls().get(8).json().path("task").asText()).isEqualTo("task-1");
    }
  }

  @Test
  void existingProjectAndKeyArgument() throws Exception {
    try (RecordingServer server = new RecordingServer(call -> call.path().equals(
        "/projects.get_all")
        ? RecordingServer.Reply.ok("{\"meta\": {\"result_code\": 200}, \"data\": {\"projects\":"
            + " [{\"id\": \"proj-9\"}]}}")
        : service(call))) {
      VisualizerSettings settings = new VisualizerSettings("bench.(1)", "m", "AK:SK",
          Map.of("CLEARML_API_HOST", server.baseUrl(), "CLEARML_PROJECT_NAME", "llm.perf"),
          null, Duration.ZERO, Map.of());
      try (ResultSink sink = Visualizers.create("clearml", settings)) {
        sink.onRunStart(Fixtures.run("parallel_2_number_3", 1));
      }

      assertThat(server.calls().get(0).header("Authorization")).isEqualTo("Basic "
          + Base64.getEncoder().encodeToString("AK:SK".getBytes(StandardCharsets.UTF_8)));
      assertThat(server.calls().get(1).json().path("name").asText()).isEqualTo("^llm\\.perf$");
      assertThat(server.callsTo("/projects.create")).isEmpty();
      assertThat(server.callsTo("/tasks.create").get(0).json().path("project").asText())
          .isEqualTo("proj-9");
    }
  }

  @Test
  void metaErrorCountsAsFailure() throws Exception {
    try (RecordingServer server = new RecordingServer(call -> call.path().equals("/tasks.create")
        ? new RecordingServer.Reply(200, "{\"meta\": {\"result_code\": 400, \"result_msg\":"
            + " \"Validation error\"}, \"data\": {}}")
        : service(call));
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .isInstanceOf(IOException.class)
          .hasMessage("clearml: 1 of 1 uploads failed and 2 were skipped for run "
              + "'parallel_2_number_3': ClearML error 400 from " + server.baseUrl()
              + "/tasks.create: Validation error");
    }
  }

  @Test
  void unreachableServerTriedOnce() throws Exception {
    String url = RecordingServer.unreachableUrl();
    try (ResultSink sink = sink(url, Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      for (int i = 0; i < 5; i++) {
        sink.onRecord(Fixtures.success(i, i));
      }

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .hasMessageStartingWith("clearml: 1 of 1 uploads failed and 7 were skipped")
          .hasMessageContaining(url + "/auth.login");
    }
  }

  private static List<JsonNode> lines(String body) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }
}
