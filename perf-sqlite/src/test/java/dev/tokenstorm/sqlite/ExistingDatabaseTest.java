package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExistingDatabaseTest {

  @TempDir
  Path tempDir;

  @Test
  void existingFileIsRejectedAndLeftUntouched() throws Exception {
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    StoredRunRoundTripTest.store(SqliteResultSink.builder().build(),
        TestRecords.run("first", tempDir), TestRecords.records(5, 20));
    byte[] before = Files.readAllBytes(file);

    try (SqliteResultSink sink = SqliteResultSink.builder().build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("second", tempDir)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("already exists")
          .hasMessageContaining("ExistingDatabase.APPEND");
      // Records after a rejected start are dropped without further exceptions.
      TestRecords.records(3, 21).forEach(sink::onRecord);
      assertThat(sink.failure()).isPresent();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void leftoverJournalIsRejected() throws Exception {
    Files.writeString(tempDir.resolve(SqliteResultSink.FILE_NAME + "-wal"), "stale");
    try (SqliteResultSink sink = SqliteResultSink.builder().build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("run", tempDir)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("benchmark_data.db-wal already exists");
    }
    assertThat(tempDir.resolve(SqliteResultSink.FILE_NAME)).doesNotExist();
  }

  @Test
  void appendAddsRunUnderNewId() throws Exception {
    Path file = tempDir.resolve("runs.db");
    List<RequestRecord> first = TestRecords.records(5, 22);
    List<RequestRecord> second = TestRecords.records(8, 23);
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        TestRecords.run("first", null), first);
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file)
        .existingDatabase(ExistingDatabase.APPEND).build(), TestRecords.run("second", null), second);

    assertThat(StoredRun.list(file)).extracting(StoredRun.Entry::runId, StoredRun.Entry::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "first"),
            org.assertj.core.groups.Tuple.tuple(2L, "second"));
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(SqliteStorageException.class)
        .hasMessageContaining("2 runs: 1 'first' 2 'second'")
        .hasMessageContaining("StoredRun.open(path, runId)");
    try (StoredRun stored = StoredRun.open(file, 2); Stream<RequestRecord> read = stored.records()) {
      assertThat(stored.info().name()).isEqualTo("second");
      assertThat(read.toList()).containsExactlyElementsOf(second);
    }
    try (StoredRun stored = StoredRun.open(file, 1); Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(first);
    }
  }

  @Test
  void sweepRunsShareOneFile() throws Exception {
    Path file = tempDir.resolve("sweep.db");
    try (SqliteResultSink sink = SqliteResultSink.builder().file(file).build()) {
      for (int run = 0; run < 3; run++) {
        RunInfo info = TestRecords.run("parallel_" + run, null);
        sink.onRunStart(info);
        TestRecords.records(4, run).forEach(sink::onRecord);
        sink.onRunEnd(new dev.tokenstorm.core.internal.metrics.MetricsAccumulator(info.apiKind())
            .report(info, false, List.of()));
      }
    }
    assertThat(StoredRun.list(file)).extracting(StoredRun.Entry::name)
        .containsExactly("parallel_0", "parallel_1", "parallel_2");
    try (StoredRun stored = StoredRun.open(file, 3)) {
      assertThat(stored.recordCount()).isEqualTo(4);
    }
  }

  @Test
  void evalscopeDatabaseIsRejected() throws Exception {
    Path file = tempDir.resolve("evalscope.db");
    try (Connection connection = StoredRunRoundTripTest.connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE result (request TEXT, start_time REAL, success INTEGER)");
    }
    try (SqliteResultSink sink = SqliteResultSink.builder().file(file)
        .existingDatabase(ExistingDatabase.APPEND).build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("run", null)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("looks like an evalscope benchmark_data.db");
    }
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(IncompatibleDatabaseException.class)
        .hasMessageContaining("looks like an evalscope benchmark_data.db");
  }

  @Test
  void newerSchemaIsRejected() throws Exception {
    Path file = tempDir.resolve("newer.db");
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        TestRecords.run("run", null), TestRecords.records(2, 24));
    try (Connection connection = StoredRunRoundTripTest.connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = 3");
    }
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(IncompatibleDatabaseException.class)
        .hasMessageContaining("schema version 3, written by a newer Tokenstorm");
    try (SqliteResultSink sink = SqliteResultSink.builder().file(file)
        .existingDatabase(ExistingDatabase.APPEND).build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("run", null)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("schema version 3");
    }
  }

  @Test
  void olderSchemaIsRejected() throws Exception {
    Path file = tempDir.resolve("older.db");
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        TestRecords.run("run", null), TestRecords.records(2, 25));
    try (Connection connection = StoredRunRoundTripTest.connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = 0");
    }
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(IncompatibleDatabaseException.class)
        .hasMessageContaining("schema version 0")
        .hasMessageContaining("reads versions 1 to 2");
  }
}
