package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;

/**
 * Passes one tuning run to a sink under the run's {@link RunLabel}. Closing it does not close the
 * target, because the tuner closes each sink once after its last run.
 */
final class RelabelledSink implements ResultSink {

  private final ResultSink target;
  private final RunLabel label;

  RelabelledSink(ResultSink target, RunLabel label) {
    this.target = target;
    this.label = label;
  }

  @Override
  public String name() {
    return target.name();
  }

  @Override
  public void onRunStart(RunInfo run) throws Exception {
    target.onRunStart(label.apply(run));
  }

  @Override
  public void onRecord(RequestRecord record) throws Exception {
    target.onRecord(record);
  }

  @Override
  public void onRunEnd(RunReport report) throws Exception {
    target.onRunEnd(label.apply(report));
  }

  @Override
  public void close() {
    // The tuner closes the target after the last run.
  }
}
