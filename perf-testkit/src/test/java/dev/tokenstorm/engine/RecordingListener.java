package dev.tokenstorm.engine;

import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProgressListener} that keeps every callback in order, for assertions. */
final class RecordingListener implements ProgressListener {

  /** One callback: what it was, the run's name, the request index, and the snapshot. */
  record Call(String kind, String run, long index, ProgressSnapshot snapshot, Thread thread) {}

  private static final ProgressSnapshot NO_SNAPSHOT = new ProgressSnapshot(0, 0, 0, 0, 0);

  private final List<Call> calls = new ArrayList<>();
  private final List<RunReport> reports = new ArrayList<>();

  @Override
  public synchronized void onRunStarted(RunInfo run) {
    calls.add(new Call("started", run.name(), -1, NO_SNAPSHOT, Thread.currentThread()));
  }

  @Override
  public synchronized void onRequestSent(RunInfo run, long index) {
    calls.add(new Call("sent", run.name(), index, NO_SNAPSHOT, Thread.currentThread()));
  }

  @Override
  public synchronized void onRequestCompleted(RunInfo run, RequestRecord record,
      ProgressSnapshot progress) {
    calls.add(new Call("completed", run.name(), record.index(), progress, Thread.currentThread()));
  }

  @Override
  public synchronized void onRunFinished(RunReport report) {
    calls.add(new Call("finished", report.run().name(), -1, NO_SNAPSHOT, Thread.currentThread()));
    reports.add(report);
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(String kind) {
    return calls.stream().filter(c -> c.kind().equals(kind)).toList();
  }

  synchronized List<RunReport> reports() {
    return List.copyOf(reports);
  }
}
