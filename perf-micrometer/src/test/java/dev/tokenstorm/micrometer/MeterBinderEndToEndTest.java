package dev.tokenstorm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drives a real PerfRun against the simulated server with the binder as progress listener. */
@Timeout(60)
class MeterBinderEndToEndTest {

  private static final int REQUESTS = 12;
  private static final int OUTPUT_TOKENS = 6;

  @Test
  void metersMatchTheRunReport() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TokenstormMeterBinder binder = new TokenstormMeterBinder(Tags.of("benchmark", "e2e"));
    binder.bindTo(registry);
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(1))
        .outputTokens(OUTPUT_TOKENS).start()) {
      RunReport report = PerfRun.builder()
          .url(server.chatCompletionsUrl())
          .model("m")
          .prompt("hi")
          .parallel(3)
          .number(REQUESTS)
          .maxTokens(OUTPUT_TOKENS)
          .testConnection(false)
          .noOutputFiles()
          .progressListener(binder)
          .build()
          .run()
          .single();

      String run = report.run().name();
      assertThat(report.successRequests()).isEqualTo(REQUESTS);
      assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tags("run", run, "outcome",
          "success", "benchmark", "e2e").counter().count()).isEqualTo(REQUESTS);
      assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tags("run", run, "outcome",
          "failure").counter().count()).isZero();
      assertThat(registry.get(TokenstormMeterBinder.IN_FLIGHT).tag("run", run).gauge().value())
          .isZero();
      assertThat(registry.get(TokenstormMeterBinder.LATENCY).tag("run", run).timer().count())
          .isEqualTo(REQUESTS);
      assertThat(registry.get(TokenstormMeterBinder.TTFT).tag("run", run).timer().count())
          .isEqualTo(REQUESTS);
      assertThat(registry.get(TokenstormMeterBinder.ITL).tag("run", run).timer().count())
          .isEqualTo((long) REQUESTS * (OUTPUT_TOKENS - 1));
      assertThat(registry.get(TokenstormMeterBinder.TOKENS).tags("run", run, "type", "output")
          .counter().count()).isEqualTo((double) REQUESTS * OUTPUT_TOKENS);
      assertThat(registry.get(TokenstormMeterBinder.TOKENS).tags("run", run, "type", "input")
          .counter().count()).isPositive();
    }
  }
}
