package dev.tokenstorm.sqlite;

import dev.tokenstorm.api.result.RequestRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs in a child JVM for {@link CrashSafetyTest}: stores records slowly and prints {@code
 * committed N} whenever the committed row count grows, until the parent kills it; or, with mode
 * {@code exit}, stores a number of records and calls {@link System#exit} without closing the sink.
 */
final class CrashingWriterMain {

  static final int COMMIT_INTERVAL = 50;
  static final int RECORDS = 3_000;
  static final long SEED = 40;
  static final int RECORDS_BEFORE_EXIT = 777;

  private CrashingWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean exitEarly = args[1].equals("exit");
    List<RequestRecord> records = TestRecords.records(RECORDS, SEED);
    SqliteResultSink sink = SqliteResultSink.builder().file(file).commitInterval(COMMIT_INTERVAL)
        .build();
    sink.onRunStart(TestRecords.run("crash", null));
    System.out.println("started");
    long reported = 0;
    for (int i = 0; i < records.size(); i++) {
      if (exitEarly && i == RECORDS_BEFORE_EXIT) {
        System.out.println("exiting");
        System.exit(0);
      }
      sink.onRecord(records.get(i));
      if (!exitEarly && i % 10 == 9) {
        // Slow enough for the parent to kill the process in the middle of the run.
        Thread.sleep(5);
      }
      long committed = sink.committedRows();
      if (committed != reported) {
        reported = committed;
        System.out.println("committed " + committed);
      }
    }
    System.out.println("finished without being killed");
    sink.close();
  }
}
