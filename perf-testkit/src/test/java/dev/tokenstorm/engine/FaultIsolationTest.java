package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fault fails only the request it hits; the other requests' results stay complete. */
@Timeout(60)
class FaultIsolationTest {

  private static final int REQUESTS = 6;
  private static final int FAULTY_INDEX = 2;

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(new Fault.HttpError(503, "overloaded"), ErrorKind.HTTP_STATUS, "503"),
        Arguments.of(new Fault.HttpError(400, "bad request"), ErrorKind.HTTP_STATUS, "400"),
        Arguments.of(new Fault.RateLimited(Duration.ofSeconds(2)), ErrorKind.RATE_LIMITED,
            "Retry-After: 2"),
        Arguments.of(new Fault.ResetAfterEvents(2), ErrorKind.CONNECTION, ""),
        Arguments.of(new Fault.CloseAfterEvents(2), ErrorKind.CONNECTION, ""),
        Arguments.of(new Fault.StallAfterEvents(2, Duration.ofSeconds(3)), ErrorKind.TIMEOUT,
            "readTimeout"),
        Arguments.of(new Fault.SlowHeaders(Duration.ofSeconds(3)), ErrorKind.TIMEOUT, "readTimeout"),
        Arguments.of(new Fault.ErrorEventAfterEvents(2, "model crashed"), ErrorKind.SERVER_ERROR,
            "model crashed"),
        Arguments.of(new Fault.InvalidUtf8AfterEvents(2), ErrorKind.PROTOCOL, "UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void faultFailsOnlyItsOwnRequest(Fault fault, ErrorKind kind, String reason) {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(2)).outputTokens(8).start()) {
      server.injectFault(FaultRule.when(r -> r.index() == FAULTY_INDEX, fault));
      RecordingSink sink = new RecordingSink();
      PerfResult result = PerfRun.builder()
          .url(server.chatCompletionsUrl())
          .model("m")
          .prompt("hi")
          .number(REQUESTS)
          .maxTokens(8)
          .readTimeout(Duration.ofMillis(700))
          .testConnection(false)
          .noOutputFiles()
          .sink(sink)
          .build()
          .run();

      RunReport report = result.single();
      assertThat(report.totalRequests()).isEqualTo(REQUESTS);
      assertThat(report.failedRequests()).isEqualTo(1);
      assertThat(report.failuresByKind()).containsEntry(kind, 1L);
      List<RequestRecord> failed = sink.records().stream().filter(r -> !r.success()).toList();
      assertThat(failed).singleElement().satisfies(r -> {
        assertThat(r.errorKind()).isEqualTo(kind);
        assertThat(r.errorMessage()).containsIgnoringCase(reason);
      });
      assertThat(sink.records().stream().filter(RequestRecord::success))
          .hasSize(REQUESTS - 1)
          .allSatisfy(r -> {
            assertThat(r.completionTokens()).hasValue(8);
            assertThat(r.tokenEventCount()).isEqualTo(8);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusFaults")
  void statusIsRecordedOnTheFailedRequest(Fault fault, int status) {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      server.injectFault(FaultRule.nextRequests(1, fault));
      RecordingSink sink = new RecordingSink();
      PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi").number(1)
          .testConnection(false).noOutputFiles().sink(sink).build().run();

      assertThat(sink.records().get(0).httpStatus()).hasValue(status);
    }
  }

  static Stream<Arguments> statusFaults() {
    return Stream.of(
        Arguments.of(new Fault.HttpError(500, "boom"), 500),
        Arguments.of(new Fault.RateLimited(Duration.ofSeconds(1)), 429));
  }
}
