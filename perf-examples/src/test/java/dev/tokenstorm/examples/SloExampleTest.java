package dev.tokenstorm.examples;

import static dev.tokenstorm.testkit.assertions.PerfAssertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A service-level objective as a JUnit 5 test: benchmark the endpoint, then assert on p99 TTFT,
 * success rate and throughput. Here the endpoint is a {@link SimulatedLlmServer} on 127.0.0.1 with
 * 50 ms to the first token; point {@code url} at a staging server to check a real deployment.
 */
class SloExampleTest {

  private static SimulatedLlmServer server;

  @BeforeAll
  static void startServer() {
    server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(50))
        .interTokenDelay(Duration.ofMillis(5))
        .outputTokens(16)
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  @Timeout(60)
  void chatEndpointMeetsSlo() {
    PerfResult result = PerfRun.builder()
        .url(server.chatCompletionsUrl())
        .model("simulated")
        .prompt("Summarise the release notes in one sentence.")
        .parallel(4)
        .number(40)
        .maxTokens(16)
        .warmup(4)
        .noOutputFiles()
        .build()
        .run();

    // Limits leave room for a busy build machine; a real SLO would be tighter.
    assertThat(result)
        .isNotCancelled()
        .hasSuccessRateAtLeast(0.99)
        .hasP99TtftAtMost(Duration.ofMillis(500))
        .hasP99LatencyAtMost(Duration.ofSeconds(2))
        .hasOutputThroughputAtLeast(50)
        .hasNoWarningsOtherThan("fewer than 100 samples", "CPU was saturated");
  }
}
