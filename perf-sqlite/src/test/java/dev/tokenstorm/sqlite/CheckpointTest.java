package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints run on a thread of their own; the writer keeps the write-ahead log bounded. */
@Timeout(60)
class CheckpointTest {

  private static final int PAGE_SIZE = 32_768;
  private static final long MAX_LOG_BYTES = 4 * PAGE_SIZE;

  @TempDir
  Path tempDir;

  @Test
  void writeAheadLogStaysBounded() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(6_000, 51);
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    Path log = Path.of(file + "-wal");
    long largestLog;
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(50)
        .maxLogBytes(MAX_LOG_BYTES).build()) {
      sink.onRunStart(run);
      records.forEach(sink::onRecord);
      // Waits without opening the file: a reader would hold frames in the log while it reads.
      awaitCommittedRows(sink, records.size());
      // The log file keeps its largest size until the first commit after the log starts over.
      largestLog = Files.size(log);
      sink.onRunEnd(report(run, records));
    }

    long database = Files.size(file);
    assertThat(database).as("database size").isGreaterThan(8 * MAX_LOG_BYTES);
    // The limit, plus the frames of one transaction of 50 rows and the rewritten last pages.
    assertThat(largestLog).as("largest write-ahead log").isLessThan(3 * MAX_LOG_BYTES);
    assertThat(log).doesNotExist();
    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records);
    }
  }

  @Test
  void openReadTransactionBlocksNoWrite() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(3_000, 52);
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(50)
        .maxLogBytes(MAX_LOG_BYTES).build()) {
      sink.onRunStart(run);
      records.subList(0, 500).forEach(sink::onRecord);
      CommitIntervalTest.awaitVisibleRows(file, 500);
      try (Connection reader = StoredRunRoundTripTest.connect(file);
          Statement statement = reader.createStatement()) {
        // An open read transaction keeps its frames in the log: checkpoints cannot copy past it,
        // and the log cannot start over while it lasts.
        statement.execute("BEGIN");
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM result")) {
          assertThat(count.next()).isTrue();
          assertThat(count.getLong(1)).isEqualTo(500);
        }
        records.subList(500, 3_000).forEach(sink::onRecord);
        CommitIntervalTest.awaitVisibleRows(file, 3_000);
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM result")) {
          assertThat(count.next()).isTrue();
          assertThat(count.getLong(1)).as("rows in the reader's snapshot").isEqualTo(500);
        }
        statement.execute("COMMIT");
      }
      sink.onRunEnd(report(run, records));
      assertThat(sink.failure()).isEmpty();
    }
    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records);
      assertThat(stored.status()).isEqualTo(StoredRun.Status.COMPLETED);
    }
  }

  private static void awaitCommittedRows(SqliteResultSink sink, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sink.committedRows() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sink.committedRows()).isEqualTo(expected);
  }

  private static RunReport report(RunInfo run, List<RequestRecord> records) {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    records.forEach(accumulator::add);
    return accumulator.report(run, false, List.of());
  }
}
