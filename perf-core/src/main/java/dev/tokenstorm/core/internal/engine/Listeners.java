package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the run's {@link ProgressListener}s and contains their failures: the first exception is
 * logged at WARN, later ones at DEBUG, and the count ends up in the run's warnings.
 */
final class Listeners {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<ProgressListener> listeners;
  private final AtomicLong failures = new AtomicLong();

  Listeners(List<ProgressListener> listeners) {
    this.listeners = listeners;
  }

  void runStarted(RunInfo run) {
    listeners.forEach(l -> call(() -> l.onRunStarted(run)));
  }

  void sent(RunInfo run, long index) {
    for (ProgressListener listener : listeners) {
      call(() -> listener.onRequestSent(run, index));
    }
  }

  void completed(RunInfo run, RequestRecord record, ProgressSnapshot snapshot) {
    for (ProgressListener listener : listeners) {
      call(() -> listener.onRequestCompleted(run, record, snapshot));
    }
  }

  void runFinished(RunReport report) {
    listeners.forEach(l -> call(() -> l.onRunFinished(report)));
  }

  /** Returns a warning about listener failures, if there were any, and resets the count. */
  List<String> failures() {
    long count = failures.getAndSet(0);
    List<String> warnings = new ArrayList<>();
    if (count > 0) {
      warnings.add("progress listeners threw " + count + " exceptions; see the log");
    }
    return warnings;
  }

  private void call(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (failures.incrementAndGet() == 1) {
        log.warn("A progress listener failed; later failures are logged at DEBUG", e);
      } else {
        log.debug("A progress listener failed", e);
      }
    }
  }
}
