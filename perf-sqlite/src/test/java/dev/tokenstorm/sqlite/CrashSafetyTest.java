package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RequestRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class CrashSafetyTest {

  @TempDir
  Path tempDir;

  @Test
  void killedWriterKeepsCommittedRows() throws Exception {
    Path file = tempDir.resolve("crash.db");
    Process child = startChild(file, "kill");
    long lastCommitted = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          lastCommitted = Long.parseLong(line.substring("committed ".length()));
          if (lastCommitted >= 500) {
            break;
          }
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lastCommitted).as("child output before it was killed").isGreaterThanOrEqualTo(500);

    List<RequestRecord> expected = TestRecords.records(CrashingWriterMain.RECORDS,
        CrashingWriterMain.SEED);
    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      List<RequestRecord> records = read.toList();
      assertThat(records.size()).isGreaterThanOrEqualTo((int) lastCommitted)
          .isLessThan(CrashingWriterMain.RECORDS);
      assertThat(records.size() % CrashingWriterMain.COMMIT_INTERVAL).isZero();
      assertThat(records).containsExactlyElementsOf(expected.subList(0, records.size()));
      assertThat(stored.status()).isEqualTo(StoredRun.Status.RUNNING);
      assertThat(stored.report()).isEmpty();
      assertThat(stored.recomputeReport().totalRequests()).isEqualTo(records.size());
    }
  }

  @Test
  void jvmExitCommitsQueuedRows() throws Exception {
    Path file = tempDir.resolve("exit.db");
    Process child = startChild(file, "exit");
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("exiting");

    List<RequestRecord> expected = TestRecords.records(CrashingWriterMain.RECORDS,
        CrashingWriterMain.SEED).subList(0, CrashingWriterMain.RECORDS_BEFORE_EXIT);
    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(expected);
      assertThat(stored.status()).isEqualTo(StoredRun.Status.INTERRUPTED);
    }
  }

  private static Process startChild(Path file, String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        CrashingWriterMain.class.getName(), file.toString(), mode);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }
}
