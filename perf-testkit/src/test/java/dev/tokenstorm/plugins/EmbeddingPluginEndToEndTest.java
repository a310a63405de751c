package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The openai_embedding plugin against the simulated server's /v1/embeddings endpoint. */
@Timeout(30)
class EmbeddingPluginEndToEndTest {

  private static final Duration SERVICE_TIME = Duration.ofMillis(15);

  private static SimulatedLlmServer server() {
    return SimulatedLlmServer.builder().ttft(SERVICE_TIME).start();
  }

  private static PerfRun.Builder run(String url, RecordingSink sink, EmbeddingQuery... queries) {
    return PerfRun.builder()
        .url(url)
        .model("embed-m")
        .api("embedding")
        .dataset(new FixedQueries(queries))
        .testConnection(false)
        .noOutputFiles()
        .sink(sink);
  }

  @Test
  void batchInputIsSentAsArrayAndMeasuredAfterTheBody() throws Exception {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.baseUrl(), sink,
          new EmbeddingQuery(List.of("one two three", "four five"))).parallel(2).number(4)
          .build().run().single();

      assertThat(report.successRequests()).isEqualTo(4);
      List<RequestTruth> truth = server.awaitCompleted(4, Duration.ofSeconds(5));
      JsonNode body = truth.get(0).json().orElseThrow();
      assertThat(truth.get(0).path()).isEqualTo("/v1/embeddings");
      assertThat(body.path("input").isArray()).isTrue();
      assertThat(body.path("input")).hasSize(2);
      assertThat(body.path("model").asText()).isEqualTo("embed-m");
      assertThat(body.has("stream")).isFalse();
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.success()).isTrue();
        assertThat(record.stream()).isFalse();
        assertThat(record.promptTokens()).hasValue(5);
        assertThat(record.outputText()).isEqualTo("embedding_dim=8, count=2");
        assertThat(record.ttft()).isEmpty();
        assertThat(record.latency()).isGreaterThanOrEqualTo(SERVICE_TIME);
      });
      // The clock stops after the body: every record ends after the server wrote its body.
      long lastBodyWritten = truth.stream()
          .mapToLong(t -> t.events().get(t.events().size() - 1).writtenNanos()).min().orElseThrow();
      assertThat(sink.records().stream().mapToLong(RequestRecord::endNanos).min().orElseThrow())
          .isGreaterThanOrEqualTo(lastBodyWritten);
    }
  }

  @Test
  void summaryReportsInputThroughputAndNoTtft() {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.embeddingsUrl(), sink,
          new EmbeddingQuery(List.of("alpha beta gamma delta"))).number(3).build().run().single();

      assertThat(report.summary().inputThroughput()).isPresent();
      assertThat(report.summary().inputThroughput().getAsDouble()).isPositive();
      // 4 tokens per request, each request taking at least the 15 ms service time.
      assertThat(report.summary().inputThroughputPerRequest()).isPresent();
      assertThat(report.summary().inputThroughputPerRequest().getAsDouble())
          .isPositive().isLessThanOrEqualTo(4 / 0.015);
      assertThat(report.summary().avgInputTokens()).hasValue(4.0);
      assertThat(report.summary().avgTtftMillis()).isEmpty();
      assertThat(report.summary().outputThroughput()).isEmpty();
      String table = report.toTable();
      assertThat(table).contains("Input Throughput");
      assertThat(table).doesNotContain("TTFT");
      assertThat(server.requests().get(0).json().orElseThrow().path("input").isTextual()).isTrue();
    }
  }

  @Test
  void base64EncodingIsDecoded() {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.embeddingsUrl(), sink,
          new EmbeddingQuery(List.of("a", "b", "c")))
          .extraArgs(Map.of("encoding_format", "base64")).number(2).build().run().single();

      assertThat(report.successRequests()).isEqualTo(2);
      assertThat(sink.records()).allSatisfy(
          record -> assertThat(record.outputText()).isEqualTo("embedding_dim=8, count=3"));
      assertThat(server.requests().get(0).json().orElseThrow().path("encoding_format").asText())
          .isEqualTo("base64");
    }
  }

  @Test
  void errorObjectWithStatus200FailsTheRequestAndTheRunGoesOn() {
    try (SimulatedLlmServer server = server()) {
      server.injectFault(FaultRule.when(r -> r.index() == 1,
          Fault.errorEventAfterEvents(0, "embedding model not loaded")));
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.embeddingsUrl(), sink, new EmbeddingQuery(List.of("x y")))
          .number(3).build().run().single();

      assertThat(report.totalRequests()).isEqualTo(3);
      assertThat(report.failedRequests()).isEqualTo(1);
      RequestRecord failed = sink.records().stream().filter(r -> !r.success()).findFirst()
          .orElseThrow();
      assertThat(failed.httpStatus()).hasValue(200);
      assertThat(failed.errorMessage()).isEqualTo("embedding model not loaded");
    }
  }

  @Test
  void streamingIsRejectedForEmbeddings() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PerfRun.builder()
            .url("http://127.0.0.1:1/v1/embeddings").model("m").api("openai_embedding")
            .prompt("x").stream(true).noOutputFiles().build())
        .hasMessageContaining("stream must be false");
  }
}
