package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommitIntervalTest {

  @TempDir
  Path tempDir;

  @Test
  void rowsVisiblePerCommitInterval() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(25, 7);
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(10).build()) {
      sink.onRunStart(run);
      feed(sink, records.subList(0, 9));
      // Give the writer time to insert the nine rows; none may be visible before the tenth.
      Thread.sleep(300);
      assertThat(visibleRows(file)).isZero();
      assertThat(sink.committedRows()).isZero();

      feed(sink, records.subList(9, 10));
      awaitVisibleRows(file, 10);
      feed(sink, records.subList(10, 25));
      awaitVisibleRows(file, 20);
      Thread.sleep(300);
      assertThat(visibleRows(file)).isEqualTo(20);

      sink.onRunEnd(report(run, records));
      assertThat(visibleRows(file)).isEqualTo(25);
      assertThat(sink.committedRows()).isEqualTo(25);
    }
  }

  @Test
  void cancelledRunCommitsRemainingRows() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(15, 8);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(1000).build()) {
      sink.onRunStart(run);
      feed(sink, records);
      MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
      records.forEach(accumulator::add);
      sink.onRunEnd(accumulator.report(run, true, List.of()));
    }
    try (StoredRun stored = StoredRun.open(tempDir.resolve(SqliteResultSink.FILE_NAME));
        Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records);
      assertThat(stored.status()).isEqualTo(StoredRun.Status.CANCELLED);
      assertThat(stored.report().orElseThrow().cancelled()).isTrue();
    }
  }

  @Test
  void closeBeforeRunEndCommitsRows() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(12, 9);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(1000).build()) {
      sink.onRunStart(run);
      feed(sink, records);
    }
    try (StoredRun stored = StoredRun.open(tempDir.resolve(SqliteResultSink.FILE_NAME))) {
      assertThat(stored.recordCount()).isEqualTo(12);
      assertThat(stored.status()).isEqualTo(StoredRun.Status.INTERRUPTED);
      assertThat(stored.report()).isEmpty();
      assertThat(stored.recomputeReport().totalRequests()).isEqualTo(12);
    }
  }

  private static void feed(SqliteResultSink sink, List<RequestRecord> records) {
    records.forEach(sink::onRecord);
  }

  private static RunReport report(RunInfo run, List<RequestRecord> records) {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    records.forEach(accumulator::add);
    return accumulator.report(run, false, List.of());
  }

  static long visibleRows(Path file) throws SQLException {
    try (Connection connection = StoredRunRoundTripTest.connect(file)) {
      return StoredRunRoundTripTest.queryLong(connection, "SELECT count(*) FROM result");
    }
  }

  static void awaitVisibleRows(Path file, long expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long visible = visibleRows(file);
    while (visible < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      visible = visibleRows(file);
    }
    assertThat(visible).isEqualTo(expected);
  }
}
