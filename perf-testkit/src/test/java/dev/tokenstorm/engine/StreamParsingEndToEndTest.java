package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.RawScript;
import dev.tokenstorm.testkit.server.RawScripts;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays scripted byte sequences through the whole client (transport, event-stream parser, OpenAI
 * decoder, record assembly) and checks each request's outcome.
 */
@Timeout(30)
class StreamParsingEndToEndTest {

  private static SimulatedLlmServer server;

  @BeforeAll
  static void startServer() {
    server = SimulatedLlmServer.builder().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static RequestRecord play(RawScript script) {
    server.enqueueRaw(script);
    RecordingSink sink = new RecordingSink();
    PerfRun.builder()
        .url(server.chatCompletionsUrl())
        .model("m")
        .prompt("hi")
        .number(1)
        .testConnection(false)
        .readTimeout(Duration.ofSeconds(5))
        .noOutputFiles()
        .sink(sink)
        .build()
        .run();
    assertThat(sink.records()).hasSize(1);
    return sink.records().get(0);
  }

  static Stream<Arguments> helloWorldScripts() {
    return Stream.<Supplier<RawScript>>of(RawScripts::wellFormed, RawScripts::crlfLineEndings,
            RawScripts::crLineEndings, RawScripts::comments, RawScripts::roleOnlyFirstChunk,
            RawScripts::fieldVariants, RawScripts::splitEveryByte,
            () -> RawScripts.splitAt(3, 40, 41, 90), RawScripts::missingDone)
        .map(s -> Arguments.of(s.get().toString(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helloWorldScripts")
  void scriptWithTwoContentEventsYieldsTwoTokenEventsAndUsage(String name,
      Supplier<RawScript> script) {
    RequestRecord record = play(script.get());

    assertThat(record.success()).as(String.valueOf(record.errorMessage())).isTrue();
    assertThat(record.tokenEventCount()).isEqualTo(2);
    assertThat(record.outputText()).isEqualTo("Hello world");
    assertThat(record.completionTokens()).hasValue(2);
    assertThat(record.tokenSource()).isEqualTo(TokenSource.USAGE);
    assertThat(record.malformedEvents()).isZero();
  }

  @Test
  void usageChunkAfterAPauseIsNeitherATokenEventNorPartOfItl() {
    RequestRecord record = play(RawScripts.usageOnlyChunkAfterPause());

    assertThat(record.tokenEventCount()).isEqualTo(2);
    assertThat(record.interTokenNanos()).hasSize(1);
    assertThat(record.interTokenNanos()[0]).isLessThan(Duration.ofMillis(15).toNanos());
    assertThat(record.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
  }

  @Test
  void errorObjectInsideA200StreamFailsTheRequestWithTheServerMessage() {
    RequestRecord record = play(RawScripts.errorInsideStream());

    assertThat(record.success()).isFalse();
    assertThat(record.errorKind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(record.errorMessage()).contains("simulated upstream failure");
    assertThat(record.httpStatus()).hasValue(200);
  }

  @Test
  void invalidUtf8FailsTheRequestAsAProtocolError() {
    RequestRecord record = play(RawScripts.invalidUtf8());

    assertThat(record.success()).isFalse();
    assertThat(record.errorKind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(record.errorMessage()).containsIgnoringCase("utf-8");
  }

  @Test
  void malformedJsonEventIsSkippedAndCounted() {
    RequestRecord record = play(RawScripts.malformedJsonEvent());

    assertThat(record.success()).isTrue();
    assertThat(record.malformedEvents()).isEqualTo(1);
    assertThat(record.outputText()).isEqualTo("Hello world");
  }

  @Test
  void multiLineDataIsJoinedWithNewlineIntoOneEvent() {
    RequestRecord record = play(RawScripts.multiLineData());

    assertThat(record.success()).isTrue();
    assertThat(record.outputText()).isEqualTo("Hello");
    assertThat(record.completionTokens()).hasValue(1);
  }

  @Test
  void multiByteCharactersSplitAcrossReadsDecodeIntact() {
    RequestRecord record = play(RawScripts.splitInsideUtf8Character());

    assertThat(record.success()).isTrue();
    assertThat(record.outputText()).isEqualTo("hé你🙂");
  }

  @Test
  void resetMidStreamFailsAsAConnectionError() {
    RequestRecord record = play(RawScripts.resetMidStream());

    assertThat(record.success()).isFalse();
    assertThat(record.errorKind()).isEqualTo(ErrorKind.CONNECTION);
  }
}
