package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import org.jspecify.annotations.Nullable;

/**
 * Passes one tuning run to a progress listener under the run's {@link RunLabel}.
 *
 * <p>Thread-safe: the request callbacks arrive on many threads, and the relabelled run is kept so
 * that each callback does not build a new one.
 */
final class RelabelledListener implements ProgressListener {

  private record Mapping(RunInfo source, RunInfo labelled) {}

  private final ProgressListener target;
  private final RunLabel label;
  private volatile @Nullable Mapping last;

  RelabelledListener(ProgressListener target, RunLabel label) {
    this.target = target;
    this.label = label;
  }

  @Override
  public void onRunStarted(RunInfo run) {
    target.onRunStarted(relabel(run));
  }

  @Override
  public void onRequestSent(RunInfo run, long index) {
    target.onRequestSent(relabel(run), index);
  }

  @Override
  public void onRequestCompleted(RunInfo run, RequestRecord record, ProgressSnapshot progress) {
    target.onRequestCompleted(relabel(run), record, progress);
  }

  @Override
  public void onRunFinished(RunReport report) {
    target.onRunFinished(label.apply(report));
  }

  private RunInfo relabel(RunInfo run) {
    Mapping mapping = last;
    if (mapping != null && mapping.source() == run) {
      return mapping.labelled();
    }
    RunInfo labelled = label.apply(run);
    last = new Mapping(run, labelled);
    return labelled;
  }
}
