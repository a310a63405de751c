package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The openai_rerank plugin against the simulated server's three rerank response shapes. */
@Timeout(30)
class RerankPluginEndToEndTest {

  private static final RerankQuery QUERY =
      new RerankQuery("capital of france", List.of("paris is the capital", "berlin"));
  private static final int INPUT_WORDS = 3 + 4 + 1;

  private static SimulatedLlmServer server() {
    return SimulatedLlmServer.builder().ttft(Duration.ofMillis(10)).start();
  }

  private static PerfRun.Builder run(String url, RecordingSink sink) {
    return PerfRun.builder()
        .url(url)
        .model("rerank-m")
        .api("rerank")
        .dataset(new FixedQueries(QUERY))
        .number(2)
        .testConnection(false)
        .noOutputFiles()
        .sink(sink);
  }

  @Test
  void jinaShapeWithUsageAndDefaultRerankPath() throws Exception {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.baseUrl(), sink).build().run().single();

      assertThat(report.successRequests()).isEqualTo(2);
      RequestRecord record = sink.records().get(0);
      assertThat(record.promptTokens()).hasValue(INPUT_WORDS);
      assertThat(record.outputText()).isEqualTo("top_score=0.5000, num_results=2");
      assertThat(record.ttft()).isEmpty();
      assertThat(report.summary().inputThroughput()).isPresent();
      assertThat(report.summary().avgTtftMillis()).isEmpty();

      RequestTruth truth = server.awaitCompleted(2, Duration.ofSeconds(5)).get(0);
      assertThat(truth.path()).isEqualTo("/v1/rerank");
      JsonNode body = truth.json().orElseThrow();
      assertThat(body.path("query").asText()).isEqualTo("capital of france");
      assertThat(body.path("documents")).hasSize(2);
      assertThat(body.path("model").asText()).isEqualTo("rerank-m");
    }
  }

  @Test
  void rerankPluralPathIsKept() throws Exception {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      run(server.baseUrl() + "/reranks", sink).build().run();

      assertThat(server.awaitCompleted(2, Duration.ofSeconds(5)).get(0).path())
          .isEqualTo("/v1/reranks");
      assertThat(sink.records()).allSatisfy(r -> assertThat(r.success()).isTrue());
    }
  }

  @Test
  void cohereShapeTakesBilledUnits() {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.cohereRerankUrl(), sink).build().run().single();

      assertThat(report.successRequests()).isEqualTo(2);
      assertThat(sink.records().get(0).promptTokens()).hasValue(INPUT_WORDS);
      assertThat(sink.records().get(0).outputText()).startsWith("top_score=0.5000");
    }
  }

  @Test
  void textEmbeddingsInferenceArrayShapeIsDecoded() {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.teiRerankUrl(), sink).build().run().single();

      assertThat(report.successRequests()).isEqualTo(2);
      assertThat(sink.records().get(0).outputText())
          .isEqualTo("top_score=0.5000, num_results=2");
    }
  }

  @Test
  void answerWithoutResultsFailsWithTheReasonAndTheRunGoesOn() {
    try (SimulatedLlmServer server = server()) {
      server.enqueueRaw("/v1/rerank", RawResponses.json200("no-results", "{\"id\":\"r1\"}"));
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.rerankUrl(), sink).number(3).build().run().single();

      assertThat(report.totalRequests()).isEqualTo(3);
      assertThat(report.failedRequests()).isEqualTo(1);
      RequestRecord failed = sink.records().stream().filter(r -> !r.success()).findFirst()
          .orElseThrow();
      assertThat(failed.errorMessage()).contains("rerank response has no results");
    }
  }
}
