package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashscope plugin against the simulated server's DashScope text-generation endpoint. */
@Timeout(30)
class DashScopePluginEndToEndTest {

  private static SimulatedLlmServer server() {
    return SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(15))
        .interTokenDelay(Duration.ofMillis(3))
        .outputTokens(5)
        .reasoningTokens(2)
        .start();
  }

  private static PerfRun.Builder run(String url, RecordingSink sink) {
    return PerfRun.builder()
        .url(url)
        .model("qwen-sim")
        .api("dashscope")
        .prompt("hello dashscope")
        .applyChatTemplate(true)
        .maxTokens(64)
        .testConnection(false)
        .noOutputFiles()
        .sink(sink);
  }

  @Test
  void incrementalStreamGivesTokenEventsAndUsage() throws Exception {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.dashScopeUrl(), sink).number(3).build().run().single();

      assertThat(report.successRequests()).isEqualTo(3);
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.success()).isTrue();
        assertThat(record.stream()).isTrue();
        assertThat(record.promptTokens()).hasValue(2);
        assertThat(record.completionTokens()).hasValue(7);
        assertThat(record.reasoningTokens()).hasValue(2);
        assertThat(record.tokenEventCount()).isEqualTo(7);
        assertThat(record.ttft()).isPresent();
      });
      RequestRecord first = sink.records().get(0);
      assertThat(first.outputText()).contains("tok0 tok1 tok2 tok3 tok4");

      RequestTruth truth = server.awaitCompleted(3, Duration.ofSeconds(5)).get(0);
      assertThat(truth.headers()).containsEntry("x-dashscope-sse", java.util.List.of("enable"));
      JsonNode body = truth.json().orElseThrow();
      assertThat(body.path("model").asText()).isEqualTo("qwen-sim");
      assertThat(body.path("input").path("messages").get(0).path("content").asText())
          .isEqualTo("hello dashscope");
      JsonNode parameters = body.path("parameters");
      assertThat(parameters.path("incremental_output").asBoolean()).isTrue();
      assertThat(parameters.path("max_tokens").asInt()).isEqualTo(64);
      assertThat(parameters.path("result_format").asText()).isEqualTo("message");
      assertThat(body.has("max_tokens")).isFalse();
      assertThat(body.has("stream")).isFalse();
    }
  }

  @Test
  void wholeBodyIsDecoded() {
    try (SimulatedLlmServer server = server()) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.dashScopeUrl(), sink).stream(false).number(2).build().run()
          .single();

      assertThat(report.successRequests()).isEqualTo(2);
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.stream()).isFalse();
        assertThat(record.completionTokens()).hasValue(7);
        assertThat(record.promptTokens()).hasValue(2);
      });
      assertThat(server.requests().get(0).headers()).doesNotContainKey("x-dashscope-sse");
    }
  }

  @Test
  void errorEventFailsTheRequestWithTheMessage() {
    try (SimulatedLlmServer server = server()) {
      server.injectFault(FaultRule.when(r -> r.index() == 0,
          Fault.errorEventAfterEvents(2, "Throttling.RateQuota")));
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.dashScopeUrl(), sink).number(3).build().run().single();

      assertThat(report.failedRequests()).isEqualTo(1);
      RequestRecord failed = sink.records().stream().filter(r -> !r.success()).findFirst()
          .orElseThrow();
      assertThat(failed.errorMessage()).contains("Throttling.RateQuota");
    }
  }
}
