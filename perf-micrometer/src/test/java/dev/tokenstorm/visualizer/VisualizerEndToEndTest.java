package dev.tokenstorm.visualizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.internal.visualizer.VisualizerSettings;
import dev.tokenstorm.core.internal.visualizer.Visualizers;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs a real PerfRun against the simulated LLM server, with the W&amp;B visualizer pointed at a
 * loopback stand-in for the W&amp;B API. The metrics must arrive there. A failing W&amp;B must
 * leave the results intact and show up in the run's warnings.
 */
@Timeout(60)
class VisualizerEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 8;

  /** A loopback stand-in for W&amp;B's GraphQL and file-stream endpoints. */
  private static final class FakeWandb implements AutoCloseable {

    final HttpServer server;
    final List<JsonNode> fileStream = new CopyOnWriteArrayList<>();
    final int status;

    FakeWandb(int status) throws IOException {
      this.status = status;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String reply = "{}";
        if (exchange.getRequestURI().getPath().equals("/graphql")) {
          reply = "{\"data\": {\"upsertBucket\": {\"bucket\": {\"name\": \""
              + body.path("variables").path("name").asText()
              + "\", \"project\": {\"name\": \"p\", \"entity\": {\"name\": \"e\"}}}}}}";
        } else {
          fileStream.add(body);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static RunReport runWith(SimulatedLlmServer llm, FakeWandb wandb) {
    VisualizerSettings settings = new VisualizerSettings("e2e", "m", "test-key",
        Map.of("WANDB_BASE_URL", wandb.url()), null, Duration.ZERO, Map.of("model", "m"));
    return PerfRun.builder()
        .url(llm.chatCompletionsUrl())
        .model("m")
        .prompt("hi")
        .parallel(2)
        .number(REQUESTS)
        .maxTokens(4)
        .testConnection(false)
        .noOutputFiles()
        .visualizer(Visualizers.create("wandb", settings))
        .build()
        .run()
        .single();
  }

  private static SimulatedLlmServer llm() {
    return SimulatedLlmServer.builder().ttft(Duration.ofMillis(2))
        .interTokenDelay(Duration.ofMillis(1)).outputTokens(4).start();
  }

  @Test
  void recordsReachTracker() throws Exception {
    try (SimulatedLlmServer llm = llm(); FakeWandb wandb = new FakeWandb(200)) {
      RunReport report = runWith(llm, wandb);

      assertThat(report.successRequests()).isEqualTo(REQUESTS);
      assertThat(report.warnings()).noneMatch(w -> w.contains("wandb"));
      // One history row per record (interval zero), the final row with the summary, then done.
      assertThat(wandb.fileStream).hasSize(REQUESTS + 2);
      JsonNode finalFiles = wandb.fileStream.get(REQUESTS).path("files");
      JsonNode summary = JSON.readTree(finalFiles.path("wandb-summary.json").path("content")
          .get(0).asText());
      assertThat(summary.path("Total Requests").asDouble()).isEqualTo(REQUESTS);
      assertThat(summary.path("Percentiles").has("Latency (s)")).isTrue();
      assertThat(wandb.fileStream.get(REQUESTS + 1).path("complete").asBoolean()).isTrue();
    }
  }

  @Test
  void failingTrackerOnlyAddsWarning() throws Exception {
    try (SimulatedLlmServer llm = llm(); FakeWandb wandb = new FakeWandb(500)) {
      RunReport report = runWith(llm, wandb);

      assertThat(report.totalRequests()).isEqualTo(REQUESTS);
      assertThat(report.successRequests()).isEqualTo(REQUESTS);
      assertThat(report.summary().avgLatencySeconds()).isPresent();
      assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
          .contains("wandb: 1 of 1 uploads failed")
          .contains("HTTP 500 from " + wandb.url() + "/graphql")
          .doesNotContain("test-key"));
    }
  }
}
