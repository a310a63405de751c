package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.PerfResult;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The openai_responses plugin against the simulated server's /v1/responses endpoint. */
@Timeout(30)
class ResponsesPluginEndToEndTest {

  private static SimulatedLlmServer server(int outputTokens, int reasoningTokens) {
    return SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20))
        .interTokenDelay(Duration.ofMillis(3))
        .outputTokens(outputTokens)
        .reasoningTokens(reasoningTokens)
        .start();
  }

  private static PerfRun.Builder run(String url, RecordingSink sink) {
    return PerfRun.builder()
        .url(url)
        .model("m")
        .api("openai_responses")
        .prompt("hello responses world")
        .maxTokens(32)
        .testConnection(false)
        .noOutputFiles()
        .sink(sink);
  }

  @Test
  void streamedDeltasAndCompletedUsageAreMeasured() throws Exception {
    try (SimulatedLlmServer server = server(6, 2)) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.baseUrl(), sink).number(3).build().run().single();

      assertThat(report.successRequests()).isEqualTo(3);
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.success()).isTrue();
        assertThat(record.stream()).isTrue();
        assertThat(record.promptTokens()).hasValue(3);
        assertThat(record.completionTokens()).hasValue(8);
        assertThat(record.reasoningTokens()).hasValue(2);
        assertThat(record.tokenEventCount()).isEqualTo(8);
        assertThat(record.ttft()).hasValueSatisfying(
            ttft -> assertThat(ttft).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
        assertThat(record.ttfc()).isPresent();
      });
      assertThat(report.summary().avgTtftMillis()).isPresent();
      assertThat(report.summary().avgOutputTokens()).hasValue(8.0);

      List<RequestTruth> truth = server.awaitCompleted(3, Duration.ofSeconds(5));
      assertThat(truth).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/responses"));
      JsonNode body = truth.get(0).json().orElseThrow();
      assertThat(body.path("input").asText()).isEqualTo("hello responses world");
      assertThat(body.path("max_output_tokens").asInt()).isEqualTo(32);
      assertThat(body.path("stream").asBoolean()).isTrue();
      assertThat(body.has("max_tokens")).isFalse();
      assertThat(body.has("stream_options")).isFalse();
      assertThat(body.path("model").asText()).isEqualTo("m");
    }
  }

  @Test
  void chatCompletionsUrlIsRewrittenToResponses() throws Exception {
    try (SimulatedLlmServer server = server(2, 0)) {
      RecordingSink sink = new RecordingSink();
      PerfResult result = run(server.chatCompletionsUrl(), sink).applyChatTemplate(true)
          .number(1).build().run();

      assertThat(result.single().successRequests()).isEqualTo(1);
      assertThat(server.awaitCompleted(1, Duration.ofSeconds(5)).get(0).path())
          .isEqualTo("/v1/responses");
      JsonNode input = server.requests().get(0).json().orElseThrow().path("input");
      assertThat(input.isArray()).isTrue();
      assertThat(input.get(0).path("role").asText()).isEqualTo("user");
      assertThat(input.get(0).path("content").asText()).isEqualTo("hello responses world");
    }
  }

  @Test
  void outputCutByMaxOutputTokensFailsAsIncomplete() {
    try (SimulatedLlmServer server = server(10, 0)) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.responsesUrl(), sink).maxTokens(4).number(2).build().run()
          .single();

      assertThat(report.failedRequests()).isEqualTo(2);
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.success()).isFalse();
        assertThat(record.errorMessage()).contains("incomplete").contains("max_output_tokens");
      });
    }
  }

  @Test
  void failedEventFailsOnlyItsRequestWithTheReason() {
    try (SimulatedLlmServer server = server(5, 0)) {
      server.injectFault(FaultRule.when(r -> r.index() == 1,
          Fault.errorEventAfterEvents(2, "engine overloaded")));
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.responsesUrl(), sink).number(4).build().run().single();

      assertThat(report.totalRequests()).isEqualTo(4);
      assertThat(report.failedRequests()).isEqualTo(1);
      assertThat(report.failuresByKind()).containsEntry(ErrorKind.SERVER_ERROR, 1L);
      RequestRecord failed = sink.records().stream().filter(r -> !r.success()).findFirst()
          .orElseThrow();
      assertThat(failed.errorMessage()).contains("engine overloaded");
    }
  }

  @Test
  void wholeResponseBodyIsDecoded() {
    try (SimulatedLlmServer server = server(5, 1)) {
      RecordingSink sink = new RecordingSink();
      RunReport report = run(server.responsesUrl(), sink).stream(false).number(2).build().run()
          .single();

      assertThat(report.successRequests()).isEqualTo(2);
      assertThat(sink.records()).allSatisfy(record -> {
        assertThat(record.stream()).isFalse();
        assertThat(record.completionTokens()).hasValue(6);
        assertThat(record.promptTokens()).hasValue(3);
        assertThat(record.outputText()).contains("tok0 tok1 tok2 tok3 tok4");
      });
      assertThat(server.requests().get(0).json().orElseThrow().path("stream").asBoolean())
          .isFalse();
    }
  }
}
