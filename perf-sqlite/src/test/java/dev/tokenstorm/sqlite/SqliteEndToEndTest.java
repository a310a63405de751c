package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.RunningPerf;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class SqliteEndToEndTest {

  private static final String KEY = "sk-sqlite-e2e-0123456789";

  @TempDir
  Path tempDir;

  @Test
  void defaultSinksStoreEveryRun() throws Exception {
    RecordingSink recording = new RecordingSink();
    PerfResult result;
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().ttft(Duration.ofMillis(2))
        .interTokenDelay(Duration.ofMillis(1)).outputTokens(6).start()) {
      result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").apiKey(KEY)
          .header("X-Api-Key", KEY).prompt("hello").parallel(1, 3).number(8, 24).maxTokens(6)
          .outputsDir(tempDir).name("e2e").noTimestamp(true).testConnection(false)
          .dbCommitInterval(5).sink(recording).build().run();
    }

    assertThat(result.runs()).hasSize(2);
    long offset = 0;
    for (RunReport report : result.runs()) {
      Path file = report.run().outputDir().resolve(SqliteResultSink.FILE_NAME);
      List<RequestRecord> delivered = recording.records()
          .subList((int) offset, (int) (offset + report.totalRequests()));
      offset += report.totalRequests();
      try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
        // Request threads hand each record to every sink's queue in turn, so two sinks may see
        // records that complete at the same moment in different orders.
        assertThat(read.toList()).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(stored.info()).isEqualTo(report.run());
        assertThat(stored.report()).contains(report);
        assertThat(stored.status()).isEqualTo(StoredRun.Status.COMPLETED);
        assertThat(stored.config().get("api_key")).isNotEqualTo(KEY);
        RunReport recomputed = stored.recomputeReport();
        ReportComparison.assertSameReport(recomputed, report);
        assertThat(recomputed.totalRequests()).isEqualTo(report.totalRequests());
      }
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain(KEY);
    }
    assertThat(result.runs().get(1).totalRequests()).isEqualTo(24);
  }

  @Test
  void midRunFailureBecomesWarning() throws Exception {
    Path file = tempDir.resolve("small.db");
    PerfResult result;
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(4).start()) {
      result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hello")
          .parallel(4).number(400).maxTokens(4).noOutputFiles().testConnection(false)
          .defaultSinks(false)
          // The schema takes 8 pages, and 2 more pages of 32 KiB fill up before the run ends.
          .sink(SqliteResultSink.builder().file(file).commitInterval(10).maxPageCount(10).build())
          .build().run();
    }

    RunReport report = result.single();
    assertThat(report.totalRequests()).isEqualTo(400);
    assertThat(report.successRequests()).isEqualTo(400);
    assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("result sink 'sqlite'")
        .contains("stopped storing run 'parallel_4_number_400' in " + file)
        .contains("full"));
    try (StoredRun stored = StoredRun.open(file)) {
      assertThat(stored.recordCount()).isPositive().isLessThan(400);
      assertThat(stored.status()).isEqualTo(StoredRun.Status.FAILED);
    }
  }

  @Test
  void existingDatabaseBecomesWarning() throws Exception {
    Path file = tempDir.resolve("taken.db");
    Files.writeString(file, "an earlier file that must survive");
    PerfResult result;
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(3).start()) {
      result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m").prompt("hello")
          .parallel(2).number(10).maxTokens(3).noOutputFiles().testConnection(false)
          .defaultSinks(false).sink(SqliteResultSink.builder().file(file).build())
          .build().run();
    }

    RunReport report = result.single();
    assertThat(report.successRequests()).isEqualTo(10);
    assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("result sink 'sqlite'").contains(file + " already exists"));
    assertThat(Files.readString(file)).isEqualTo("an earlier file that must survive");
  }

  @Test
  void cancelledRunKeepsCompletedRequests() throws Exception {
    PerfResult result;
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().ttft(Duration.ofMillis(5))
        .interTokenDelay(Duration.ofMillis(5)).outputTokens(10).start()) {
      RunningPerf running = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hello").parallel(4).number(100_000).maxTokens(10).outputsDir(tempDir)
          .name("cancel").noTimestamp(true).testConnection(false).dbCommitInterval(1000)
          .build().start();
      Thread.sleep(1_000);
      running.cancel();
      result = running.await();
      running.close();
    }

    RunReport report = result.single();
    assertThat(report.cancelled()).isTrue();
    try (StoredRun stored = StoredRun.open(
        report.run().outputDir().resolve(SqliteResultSink.FILE_NAME))) {
      assertThat(stored.status()).isEqualTo(StoredRun.Status.CANCELLED);
      assertThat(stored.recordCount()).isEqualTo(report.totalRequests());
      assertThat(stored.report()).contains(report);
    }
  }
}
