package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.RunningPerf;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ProgressFileTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  @Timeout(30)
  void concurrentReaderAlwaysSeesValidJson(@TempDir Path dir)
      throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(1)).outputTokens(2)
        .start()) {
      Path file = dir.resolve("progress/progress.json");
      AtomicBoolean done = new AtomicBoolean();
      List<JsonNode> seen = new ArrayList<>();
      List<Throwable> problems = new ArrayList<>();
      Thread reader = Thread.ofPlatform().name("progress-reader").start(() -> {
        boolean existed = false;
        while (!done.get()) {
          try {
            byte[] bytes = Files.readAllBytes(file);
            existed = true;
            seen.add(json.readTree(bytes));
          } catch (NoSuchFileException e) {
            if (existed) {
              problems.add(e);
            }
          } catch (IOException | RuntimeException e) {
            problems.add(e);
          }
          LockSupport.parkNanos(200_000);
        }
      });
      long start = System.nanoTime();
      PerfResult result;
      try {
        result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi")
            .parallel(2, 2).number(40, 60).maxTokens(2).warmup(4).sleepInterval(Duration.ZERO)
            .outputsDir(dir).name("progress").noTimestamp(true).progressTracker(true)
            .testConnection(false).build().run();
      } finally {
        done.set(true);
        reader.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(problems).isEmpty();
      assertThat(seen).hasSizeGreaterThan(100);
      long previous = 0;
      Set<String> updates = new HashSet<>();
      for (JsonNode node : seen) {
        assertThat(node.get("status").asText()).isIn("running", "completed");
        assertThat(node.get("pipeline").asText()).isEqualTo("perf");
        assertThat(node.get("total_count").asLong()).isEqualTo(100);
        long processed = node.get("processed_count").asLong();
        assertThat(processed).isBetween(previous, 100L);
        assertThat(node.get("percent").asDouble()).isCloseTo(processed, within(1e-9));
        LocalDateTime.parse(node.get("updated_at").asText());
        updates.add(node.get("updated_at").asText() + "/" + processed);
        previous = processed;
      }
      // Progress changed many times, but the file was replaced at most once per second plus the
      // first and the final write.
      assertThat(updates.size()).isBetween(3, (int) Math.ceil(seconds) + 2);
      JsonNode last = json.readTree(file.toFile());
      assertThat(last.get("status").asText()).isEqualTo("completed");
      assertThat(last.get("processed_count").asLong()).isEqualTo(100);
      assertThat(last.get("percent").asDouble()).isEqualTo(100.0);
      assertThat(result.runs()).hasSize(2);
      try (Stream<Path> files = Files.list(file.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.endsWith(".tmp"));
      }
    }
  }

  @Test
  @Timeout(30)
  void cancelledRunEndsWithErrorStatus(@TempDir Path dir) throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(20)).interTokenDelay(Duration.ofMillis(1)).outputTokens(2)
        .start()) {
      RunningPerf running = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(2).number(100_000).maxTokens(2).outputsDir(dir).name("cancel")
          .noTimestamp(true).progressTracker(true).testConnection(false).build().start();
      Path file = dir.resolve("cancel/progress.json");
      while (!Files.exists(file) || json.readTree(file.toFile()).get("processed_count").asLong()
          == 0) {
        Thread.sleep(20);
      }
      running.cancel();
      PerfResult result = running.await();

      JsonNode last = json.readTree(file.toFile());
      assertThat(last.get("status").asText()).isEqualTo("error");
      assertThat(last.get("error").asText()).isEqualTo("cancelled");
      assertThat(last.get("processed_count").asLong())
          .isEqualTo(result.single().totalRequests()).isLessThan(100_000);
    }
  }

  @Test
  @Timeout(30)
  void failedRunRecordsTheReason(@TempDir Path dir) throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      server.injectFault(FaultRule.always(Fault.status(401, "invalid api key")));
      PerfRun run = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi")
          .number(5).outputsDir(dir).name("fail").noTimestamp(true).progressTracker(true).build();

      assertThatThrownBy(run::run).isInstanceOf(PerfRunException.class);
      JsonNode last = json.readTree(dir.resolve("fail/progress.json").toFile());
      assertThat(last.get("status").asText()).isEqualTo("error");
      assertThat(last.get("error").asText()).contains("401");
      assertThat(last.get("processed_count").asLong()).isZero();
      assertThat(last.get("total_count").asLong()).isEqualTo(5);
    }
  }

  @Test
  @Timeout(30)
  void trackerOffWritesNoFile(@TempDir Path dir) {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi").number(2)
          .outputsDir(dir).name("quiet").noTimestamp(true).testConnection(false).build().run();
      PerfResult noFiles = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").number(2).noOutputFiles().progressTracker(true).testConnection(false)
          .build().run();

      assertThat(dir.resolve("quiet/progress.json")).doesNotExist();
      assertThat(noFiles.single().successRequests()).isEqualTo(2);
      assertThat(noFiles.outputDirectory()).isEmpty();
    }
  }
}
