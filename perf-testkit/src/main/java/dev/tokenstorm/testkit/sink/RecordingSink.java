package dev.tokenstorm.testkit.sink;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ResultSink} that keeps everything it receives, in order, for assertions.
 *
 * <p>Thread-safe: the engine calls it from its writer thread while a test reads it.
 *
 * {@snippet :
 * RecordingSink sink = new RecordingSink();
 * PerfRun.builder().url(url).model("m").prompt("hi").number(5).sink(sink).build().run();
 * assertThat(sink.records()).hasSize(5);
 * }
 */
public final class RecordingSink implements ResultSink {

  private final List<String> events = new ArrayList<>();
  private final List<RunInfo> starts = new ArrayList<>();
  private final List<RequestRecord> records = new ArrayList<>();
  private final List<RunReport> reports = new ArrayList<>();
  private boolean closed;

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public synchronized void onRunStart(RunInfo run) {
    events.add("start:" + run.name());
    starts.add(run);
  }

  @Override
  public synchronized void onRecord(RequestRecord record) {
    records.add(record);
  }

  @Override
  public synchronized void onRunEnd(RunReport report) {
    events.add("end:" + report.run().name() + ":" + records.size());
    reports.add(report);
  }

  @Override
  public synchronized void close() {
    events.add("close");
    closed = true;
  }

  /** Returns the records received so far, in arrival order. */
  public synchronized List<RequestRecord> records() {
    return List.copyOf(records);
  }

  /** Returns the runs started so far. */
  public synchronized List<RunInfo> starts() {
    return List.copyOf(starts);
  }

  /** Returns the reports received so far. */
  public synchronized List<RunReport> reports() {
    return List.copyOf(reports);
  }

  /**
   * Returns the lifecycle calls in order: {@code start:<run>}, {@code end:<run>:<records so far>}
   * and {@code close}.
   */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** Returns whether {@link #close()} was called. */
  public synchronized boolean closed() {
    return closed;
  }
}
