package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.RunningPerf;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CancellationTest {

  @Test
  @Timeout(60)
  void cancelFromAnotherThreadReturnsAPartialReportAndFlushesSinks(@TempDir Path dir)
      throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(10)).outputTokens(20)
        .start()) {
      RecordingSink sink = new RecordingSink();
      RunningPerf running = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(4).number(10_000).maxTokens(20).outputsDir(dir).name("cancel")
          .noTimestamp(true).testConnection(false).sink(sink).build().start();
      Thread.sleep(1500);
      running.cancel();
      PerfResult result = running.await();

      RunReport report = result.single();
      assertThat(result.cancelled()).isTrue();
      assertThat(report.cancelled()).isTrue();
      assertThat(report.totalRequests()).isBetween(4L, 9_999L);
      assertThat(sink.records()).hasSize((int) report.totalRequests());
      assertThat(sink.events()).last().isEqualTo("close");
      assertThat(dir.resolve("cancel/parallel_4_number_10000/benchmark_summary.json")).exists();
      assertThat(Files.readString(dir.resolve("cancel/parallel_4_number_10000/benchmark_summary.json")))
          .contains("\"Cancelled\"");
      running.close();
      running.close();
    }
  }

  @Test
  @Timeout(60)
  void interruptingTheCallerOfRunCancelsAndReturnsThePartialResult() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(10)).outputTokens(20)
        .start()) {
      PerfRun run = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi")
          .parallel(2).number(10_000).maxTokens(20).testConnection(false).noOutputFiles().build();
      AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
      CompletableFuture<PerfResult> future = new CompletableFuture<>();
      Thread caller = Thread.ofPlatform().start(() -> {
        future.complete(run.run());
        interruptFlag.set(Thread.currentThread().isInterrupted());
      });
      Thread.sleep(1000);
      caller.interrupt();
      PerfResult result = future.get();
      caller.join();

      assertThat(result.cancelled()).isTrue();
      assertThat(result.single().totalRequests()).isPositive();
      assertThat(interruptFlag.get()).isTrue();
    }
  }
}
