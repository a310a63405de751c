package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class StorageFaultsTest {

  @TempDir
  Path tempDir;

  @Test
  void unwritableFolderFailsRunStart() throws Exception {
    Path folder = unwritableFolder();
    Path file = folder.resolve(SqliteResultSink.FILE_NAME);
    try (SqliteResultSink sink = SqliteResultSink.builder().build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("run", folder)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("writable")
          .hasMessageContaining("The run goes on without storing its records");
      TestRecords.records(5, 30).forEach(sink::onRecord);
      sink.onRunEnd(report(TestRecords.run("run", folder), List.of()));
    }
    assertThat(file).doesNotExist();
  }

  /**
   * Returns a folder in which no file can be created. Permission bits do not stop root, which runs
   * the tests in CI, so as root the folder is a path below a regular file instead.
   */
  private Path unwritableFolder() throws IOException {
    Path folder = Files.createDirectory(tempDir.resolve("read-only"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    Path probe = folder.resolve("probe");
    try {
      Files.createFile(probe);
      Files.delete(probe);
    } catch (IOException expected) {
      return folder;
    }
    Path regularFile = Files.writeString(tempDir.resolve("plain-file"), "not a folder");
    return regularFile.resolve("run");
  }

  @Test
  void fullDatabaseReportedOnce() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(3_000, 31);
    List<SqliteStorageException> thrown = new ArrayList<>();
    long committed;
    // The schema takes 8 pages, and 16 more pages of 32 KiB fit about a third of the records.
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(10).maxPageCount(24)
        .build()) {
      sink.onRunStart(run);
      for (RequestRecord record : records) {
        try {
          sink.onRecord(record);
        } catch (SqliteStorageException e) {
          thrown.add(e);
        }
      }
      try {
        sink.onRunEnd(report(run, records));
      } catch (SqliteStorageException e) {
        thrown.add(e);
      }
      committed = sink.committedRows();
    }
    assertThat(thrown).hasSize(1);
    assertThat(thrown.get(0)).hasMessageContaining("full")
        .hasMessageContaining("stopped storing run 'run' in")
        .hasMessageContaining(committed + " committed rows");
    assertThat(committed).isPositive().isLessThan(3_000);
    assertThat(committed % 10).isZero();
    try (StoredRun stored = StoredRun.open(tempDir.resolve(SqliteResultSink.FILE_NAME));
        Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records.subList(0, (int) committed));
      assertThat(stored.status()).isEqualTo(StoredRun.Status.FAILED);
    }
  }

  @Test
  void lockedDatabaseFailsRunStart() throws Exception {
    Path file = tempDir.resolve("shared.db");
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        TestRecords.run("first", null), TestRecords.records(3, 32));
    try (Connection other = StoredRunRoundTripTest.connect(file);
        Statement statement = other.createStatement();
        SqliteResultSink sink = SqliteResultSink.builder().file(file)
            .existingDatabase(ExistingDatabase.APPEND).busyTimeout(Duration.ofMillis(200))
            .build()) {
      statement.execute("BEGIN EXCLUSIVE");
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("second", null)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("locked by another connection or process")
          .hasMessageContaining(file.toString());
      statement.execute("ROLLBACK");
    }
    assertThat(StoredRun.list(file)).extracting(StoredRun.Entry::name).containsExactly("first");
  }

  @Test
  void lockTakenMidRunIsReported() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    List<RequestRecord> records = TestRecords.records(45, 33);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(10)
        .busyTimeout(Duration.ofMillis(200)).build()) {
      sink.onRunStart(run);
      records.subList(0, 20).forEach(sink::onRecord);
      CommitIntervalTest.awaitVisibleRows(file, 20);
      try (Connection other = StoredRunRoundTripTest.connect(file);
          Statement statement = other.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE");
        records.subList(20, 40).forEach(sink::onRecord);
        awaitFailure(sink);
        assertThatThrownBy(() -> sink.onRecord(records.get(40)))
            .isInstanceOf(SqliteStorageException.class)
            .hasMessageContaining("locked by another connection or process")
            .hasMessageContaining("after 20 committed rows");
        statement.execute("ROLLBACK");
      }
      records.subList(41, 45).forEach(sink::onRecord);
      sink.onRunEnd(report(run, records));
    }
    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records.subList(0, 20));
      assertThat(stored.status()).isEqualTo(StoredRun.Status.FAILED);
    }
  }

  @Test
  void nonDatabaseFileIsRejected() throws Exception {
    Path file = tempDir.resolve("garbage.db");
    byte[] garbage = "this is not a SQLite database, just text ".repeat(200).getBytes();
    Files.write(file, garbage);
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(SqliteStorageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a SQLite database or is corrupt");
    try (SqliteResultSink sink = SqliteResultSink.builder().file(file)
        .existingDatabase(ExistingDatabase.APPEND).build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("run", null)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("not a SQLite database or is corrupt");
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void truncatedDatabaseFailsClearly() throws Exception {
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    StoredRunRoundTripTest.store(SqliteResultSink.builder().build(),
        TestRecords.run("run", tempDir), TestRecords.records(5_000, 34));
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() / 2);
    }
    assertThatThrownBy(() -> {
      try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
        read.forEach(record -> { });
      }
    }).isInstanceOf(SqliteStorageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt");
  }

  @Test
  void runFolderIsRejectedWithHint() throws Exception {
    Path folder = Files.createDirectories(tempDir.resolve("parallel_1_number_2"));
    Files.writeString(folder.resolve("benchmark_data.db"), "");
    assertThatThrownBy(() -> StoredRun.open(folder))
        .isInstanceOf(SqliteStorageException.class)
        .hasMessage(folder + " is a folder, not a database file; pass "
            + folder.resolve("benchmark_data.db") + " instead");
  }

  @Test
  void missingFileIsReportedByName() {
    Path file = tempDir.resolve("nothing-here.db");
    assertThatThrownBy(() -> StoredRun.open(file))
        .isInstanceOf(SqliteStorageException.class)
        .hasMessage("no database file at " + file
            + "; check the path of the run's benchmark_data.db");
    assertThat(file).doesNotExist();
  }

  private static void awaitFailure(SqliteResultSink sink) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sink.failure().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sink.failure()).isPresent();
  }

  private static RunReport report(RunInfo run, List<RequestRecord> records) {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    records.forEach(accumulator::add);
    return accumulator.report(run, false, List.of());
  }
}
