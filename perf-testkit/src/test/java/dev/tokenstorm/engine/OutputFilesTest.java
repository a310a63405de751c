package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  private static final String KEY = "sk-test-key-0123456789";

  @Test
  @Timeout(60)
  void runWritesEvalscopeLayoutWithTheKeyMasked(@TempDir Path dir) throws IOException {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(4).start()) {
      PerfResult result = run(server, dir);

      Path root = result.outputDirectory().orElseThrow();
      assertThat(root).isEqualTo(dir.resolve("files"));
      Path runDir = root.resolve("parallel_2_number_6");
      assertThat(runDir.resolve("benchmark_summary.json")).exists();
      assertThat(runDir.resolve("benchmark_percentile.json")).exists();
      assertThat(runDir.resolve("benchmark_args.json")).exists();
      assertThat(root.resolve("performance_summary.txt")).exists();
      assertThat(root.resolve("benchmark.log")).exists();
      JsonNode summary = new ObjectMapper().readTree(runDir.resolve("benchmark_summary.json").toFile());
      assertThat(summary.get("Total Requests").asInt()).isEqualTo(6);
      assertThat(summary.get("Concurrency").asInt()).isEqualTo(2);
      JsonNode args = new ObjectMapper().readTree(runDir.resolve("benchmark_args.json").toFile());
      assertThat(args.get("api_key").asText()).isEqualTo("**********");
      assertThat(args.get("headers").get("X-Api-Key").asText()).isEqualTo("**********");
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
        }
      }
    }
  }

  @Test
  @Timeout(60)
  void secondRunIntoTheSameFolderGetsANewFolder(@TempDir Path dir) throws IOException {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(4).start()) {
      Path first = run(server, dir).outputDirectory().orElseThrow();
      String firstSummary = Files.readString(first.resolve("performance_summary.txt"));
      Path second = run(server, dir).outputDirectory().orElseThrow();

      assertThat(second).isEqualTo(dir.resolve("files_2"));
      assertThat(Files.readString(first.resolve("performance_summary.txt"))).isEqualTo(firstSummary);
    }
  }

  private static PerfResult run(SimulatedLlmServer server, Path dir) {
    return PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hi")
        .parallel(2).number(6).apiKey(KEY).header("X-Api-Key", KEY).outputsDir(dir).name("files")
        .noTimestamp(true).testConnection(false).build().run();
  }

  @Test
  @Timeout(60)
  void timestampLevelIsAddedByDefault(@TempDir Path dir) {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(4).start()) {
      Path root = PerfRun.builder().url(server.chatCompletionsUrl()).model("org/my-model")
          .prompt("hi").number(1).outputsDir(dir).testConnection(false).build().run()
          .outputDirectory().orElseThrow();

      assertThat(root.getFileName().toString()).isEqualTo("my-model");
      assertThat(root.getParent().getFileName().toString()).matches("\\d{8}_\\d{6}");
      assertThat(List.of(root.getParent().getParent())).containsExactly(dir);
    }
  }
}
