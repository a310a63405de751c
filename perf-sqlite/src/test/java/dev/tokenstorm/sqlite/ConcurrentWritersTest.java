package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ConcurrentWritersTest {

  @TempDir
  Path tempDir;

  @Test
  void concurrentFeedersStoreEveryRecord() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(4_000, 10);
    int threads = 8;
    // A small queue makes the feeding threads wait for the writer, which is the path under test.
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(500).queueCapacity(64)
        .build();
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      sink.onRunStart(run);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> feeders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        feeders.add(pool.submit(() -> {
          start.await();
          for (int i = offset; i < records.size(); i += threads) {
            sink.onRecord(records.get(i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> feeder : feeders) {
        feeder.get();
      }
      sink.onRunEnd(report(run, records));
    }
    try (StoredRun stored = StoredRun.open(tempDir.resolve(SqliteResultSink.FILE_NAME));
        Stream<RequestRecord> read = stored.records()) {
      List<RequestRecord> sorted = read.sorted(Comparator.comparingLong(RequestRecord::index))
          .toList();
      assertThat(sorted).containsExactlyElementsOf(records);
    }
  }

  @Test
  void parallelSinksWriteSeparateFiles() throws Exception {
    int sinks = 4;
    List<RequestRecord> records = TestRecords.records(1_000, 11);
    try (ExecutorService pool = Executors.newFixedThreadPool(sinks)) {
      List<Future<?>> runs = new ArrayList<>();
      for (int s = 0; s < sinks; s++) {
        RunInfo run = TestRecords.run("run_" + s, tempDir.resolve("run_" + s));
        runs.add(pool.submit(() -> {
          StoredRunRoundTripTest.store(SqliteResultSink.builder().commitInterval(100).build(),
              run, records);
          return null;
        }));
      }
      for (Future<?> future : runs) {
        future.get();
      }
    }
    for (int s = 0; s < sinks; s++) {
      try (StoredRun stored = StoredRun.open(
          tempDir.resolve("run_" + s).resolve(SqliteResultSink.FILE_NAME));
          Stream<RequestRecord> read = stored.records()) {
        assertThat(stored.info().name()).isEqualTo("run_" + s);
        assertThat(read.toList()).containsExactlyElementsOf(records);
      }
    }
  }

  @Test
  void readerSeesCommittedRowsDuringRun() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    List<RequestRecord> records = TestRecords.records(2_000, 12);
    Path file = tempDir.resolve(SqliteResultSink.FILE_NAME);
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(100).build()) {
      sink.onRunStart(run);
      records.subList(0, 1_000).forEach(sink::onRecord);
      CommitIntervalTest.awaitVisibleRows(file, 1_000);
      try (StoredRun reading = StoredRun.open(file);
          Stream<RequestRecord> read = reading.records()) {
        assertThat(reading.status()).isEqualTo(StoredRun.Status.RUNNING);
        assertThat(reading.report()).isEmpty();
        // Rows keep arriving while the reader iterates; it sees a consistent snapshot.
        records.subList(1_000, 2_000).forEach(sink::onRecord);
        assertThat(read.toList()).containsExactlyElementsOf(records.subList(0, 1_000));
      }
      sink.onRunEnd(report(run, records));
    }
    try (StoredRun stored = StoredRun.open(file)) {
      assertThat(stored.recordCount()).isEqualTo(2_000);
    }
  }

  private static RunReport report(RunInfo run, List<RequestRecord> records) {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    records.forEach(accumulator::add);
    return accumulator.report(run, false, List.of());
  }
}
