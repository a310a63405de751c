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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WandbSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET_REPLY = """
      {"data": {"upsertBucket": {"bucket": {"id": "UnVuOjE=", "name": "%s",
        "displayName": "x", "project": {"name": "bench", "entity": {"name": "team-a"}}},
        "inserted": true}}}""";

  /** Answers the GraphQL mutation with a bucket named after the requested run id. */
  private static RecordingServer.Reply service(RecordingServer.Call call) {
    if (call.path().equals("/graphql")) {
      String runId = call.json().path("variables").path("name").asText();
      return RecordingServer.Reply.ok(BUCKET_REPLY.formatted(runId));
    }
    return RecordingServer.Reply.ok("{}");
  }

  private static ResultSink sink(String baseUrl, Duration interval) {
    return Visualizers.create("wandb", Fixtures.settings(
        Map.of("WANDB_BASE_URL", baseUrl, "WANDB_PROJECT", "bench"), interval));
  }

  @Test
  void runCreationRequest() throws Exception {
    try (RecordingServer server = new RecordingServer(WandbSinkTest::service);
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      sink.onRunStart(Fixtures.run("parallel_2_number_3", 1));

      RecordingServer.Call call = server.calls().get(0);
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo("/graphql");
      String expectedAuth = "Basic " + Base64.getEncoder()
          .encodeToString(("api:" + Fixtures.API_KEY).getBytes(StandardCharsets.UTF_8));
      assertThat(call.header("Authorization")).isEqualTo(expectedAuth);
      assertThat(call.header("Content-Type")).isEqualTo("application/json");
      JsonNode body = call.json();
      assertThat(body.path("operationName").asText()).isEqualTo("UpsertBucket");
      assertThat(body.path("query").asText()).contains("upsertBucket(input:")
          .contains("modelName: $project").contains("config: $config");
      JsonNode variables = body.path("variables");
      assertThat(variables.path("name").asText()).matches("[a-z0-9]{8}");
      assertThat(variables.path("project").asText()).isEqualTo("bench");
      assertThat(variables.path("entity").isNull()).isTrue();
      assertThat(variables.path("displayName").asText()).isEqualTo("m_20260101_120000");
      JsonNode config = JSON.readTree(variables.path("config").asText());
      assertThat(config.path("model").path("value").asText()).isEqualTo("m");
      assertThat(config.path("model").has("desc")).isTrue();
      assertThat(config.path("max_tokens").path("value").asInt()).isEqualTo(32);
      assertThat(config.path("run_name").path("value").asText()).isEqualTo("parallel_2_number_3");
      assertThat(config.path("wandb_api_key").path("value").asText()).isEqualTo("**********");
      assertThat(call.body()).doesNotContain(Fixtures.API_KEY);
    }
  }

  @Test
  void historySummaryAndCompletion() throws Exception {
    try (RecordingServer server = new RecordingServer(WandbSinkTest::service);
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRecord(Fixtures.success(1, 10));
      sink.onRecord(Fixtures.failure(2, 20));
      sink.onRunEnd(Fixtures.report(run, false));

      String runId = server.calls().get(0).json().path("variables").path("name").asText();
      List<RecordingServer.Call> stream =
          server.callsTo("/files/team-a/bench/" + runId + "/file_stream");
      assertThat(stream).hasSize(5);
      for (int i = 0; i < 3; i++) {
        JsonNode history = stream.get(i).json().path("files").path("wandb-history.jsonl");
        assertThat(history.path("offset").asInt()).isEqualTo(i);
        JsonNode row = JSON.readTree(history.path("content").get(0).asText());
        assertThat(row.path("_step").asInt()).isEqualTo(i);
        assertThat(row.path("Total Requests").asDouble()).isEqualTo(i + 1.0);
        assertThat(row.has("_runtime")).isTrue();
        assertThat(row.path("_timestamp").asDouble()).isGreaterThan(1.6e9);
        assertThat(stream.get(i).header("Authorization")).startsWith("Basic ");
      }
      JsonNode third = JSON.readTree(stream.get(2).json().path("files")
          .path("wandb-history.jsonl").path("content").get(0).asText());
      assertThat(third.path("Failed Requests").asDouble()).isEqualTo(1.0);
      assertThat(third.path("Avg TTFT (ms)").asDouble()).isEqualTo(100.0);

      JsonNode finalFiles = stream.get(3).json().path("files");
      assertThat(finalFiles.path("wandb-history.jsonl").path("offset").asInt()).isEqualTo(3);
      JsonNode summary = JSON.readTree(finalFiles.path("wandb-summary.json").path("content")
          .get(0).asText());
      assertThat(finalFiles.path("wandb-summary.json").path("offset").asInt()).isZero();
      assertThat(summary.path("Avg TTFT (ms)").asDouble()).isEqualTo(100.0);
      assertThat(summary.path("Concurrency").asDouble()).isEqualTo(2.0);
      assertThat(summary.path("Percentiles").path("TTFT (ms)").path("99%").asDouble())
          .isEqualTo(110.0);
      assertThat(summary.path("Warnings").get(0).asText()).isEqualTo("only 3 samples");

      JsonNode finish = stream.get(4).json();
      assertThat(finish.path("complete").asBoolean()).isTrue();
      assertThat(finish.path("exitcode").asInt()).isZero();
    }
  }

  @Test
  void throttledSeriesFirstAndFinalPoint() throws Exception {
    try (RecordingServer server = new RecordingServer(WandbSinkTest::service);
        ResultSink sink = sink(server.baseUrl(), Duration.ofHours(1))) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      for (int i = 0; i < 20; i++) {
        sink.onRecord(Fixtures.success(i, i * 10L));
      }
      sink.onRunEnd(Fixtures.report(run, true));

      List<RecordingServer.Call> stream = server.calls().stream()
          .filter(c -> c.path().endsWith("/file_stream")).toList();
      assertThat(stream).hasSize(3);
      assertThat(stream.get(1).json().path("files").path("wandb-history.jsonl").path("offset")
          .asInt()).isEqualTo(1);
      assertThat(stream.get(2).json().path("exitcode").asInt()).isEqualTo(1);
    }
  }

  @Test
  void sweepRunDisplayName() throws Exception {
    try (RecordingServer server = new RecordingServer(WandbSinkTest::service);
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      sink.onRunStart(Fixtures.run("parallel_2_number_3", 2));

      assertThat(server.calls().get(0).json().path("variables").path("displayName").asText())
          .isEqualTo("m_20260101_120000/parallel_2_number_3");
    }
  }

  @Test
  void unreachableServiceReported() throws Exception {
    String url = RecordingServer.unreachableUrl();
    try (ResultSink sink = sink(url, Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRecord(Fixtures.success(1, 10));

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("wandb: 1 of 1 uploads failed and 4 were skipped for run "
              + "'parallel_2_number_3': connection to " + url + "/graphql failed: "
              + "ConnectException")
          .message().doesNotContain(Fixtures.API_KEY);
    }
  }

  @Test
  void serverErrorOnRunCreation() throws Exception {
    try (RecordingServer server = new RecordingServer(c -> new RecordingServer.Reply(500, "{}"));
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      sink.onRecord(Fixtures.success(0, 0));

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("1 of 1 uploads failed")
          .hasMessageContaining("HTTP 500 from " + server.baseUrl() + "/graphql");
      assertThat(server.calls()).hasSize(1);
    }
  }

  @Test
  void repeatedFailuresStopRunUploads() throws Exception {
    try (RecordingServer server = new RecordingServer(call -> call.path().equals("/graphql")
        ? service(call) : new RecordingServer.Reply(503, "{}"));
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);
      for (int i = 0; i < 6; i++) {
        sink.onRecord(Fixtures.success(i, i * 10L));
      }

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .hasMessageStartingWith("wandb: 3 of 4 uploads failed and 5 were skipped")
          .hasMessageContaining("HTTP 503 from " + server.baseUrl() + "/files/team-a/bench/");
      assertThat(server.calls()).hasSize(4);
    }
  }

  @Test
  void graphqlErrorsFailRunCreation() throws Exception {
    try (RecordingServer server = new RecordingServer(c -> RecordingServer.Reply.ok(
        "{\"errors\": [{\"message\": \"permission denied\"}]}"));
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo run = Fixtures.run("parallel_2_number_3", 1);
      sink.onRunStart(run);

      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(run, false)))
          .hasMessageContaining("GraphQL error from " + server.baseUrl()
              + "/graphql: permission denied");
    }
  }

  @Test
  void nextRunAfterFailureSucceeds() throws Exception {
    boolean[] failing = {true};
    try (RecordingServer server = new RecordingServer(call -> failing[0]
        ? new RecordingServer.Reply(502, "") : service(call));
        ResultSink sink = sink(server.baseUrl(), Duration.ZERO)) {
      RunInfo first = Fixtures.run("parallel_1_number_3", 2);
      sink.onRunStart(first);
      assertThatThrownBy(() -> sink.onRunEnd(Fixtures.report(first, false)))
          .isInstanceOf(IOException.class);

      failing[0] = false;
      RunInfo second = Fixtures.run("parallel_2_number_3", 2);
      sink.onRunStart(second);
      sink.onRecord(Fixtures.success(0, 0));
      sink.onRunEnd(Fixtures.report(second, false));

      assertThat(server.callsTo("/graphql")).hasSize(2);
    }
  }
}
