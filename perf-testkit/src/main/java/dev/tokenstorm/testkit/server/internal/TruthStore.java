package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.RequestTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * All recorded requests of one server, plus in-flight counting. Thread-safe.
 *
 * <p>At most {@code maxRecorded} requests are kept, so a long benchmark does not grow memory
 * without bound; later requests are counted but not kept.
 */
public final class TruthStore {

  private final int maxRecorded;
  private final Object lock = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();

  // Guarded by lock.
  private final List<TruthRecorder> records = new ArrayList<>();
  private long nextIndex;
  private long dropped;
  private int generation;

  /** Creates a store that keeps at most {@code maxRecorded} requests (0 keeps none). */
  public TruthStore(int maxRecorded) {
    this.maxRecorded = maxRecorded;
  }

  /** Registers a request that has just arrived and counts it as in flight. */
  public TruthRecorder begin(long connectionId, HttpRequest request, @Nullable JsonNode json) {
    TruthRecorder recorder;
    synchronized (lock) {
      boolean kept = records.size() < maxRecorded;
      int recorderGeneration = generation;
      Runnable onComplete = kept ? () -> countCompleted(recorderGeneration) : () -> {};
      recorder = new TruthRecorder(nextIndex++, connectionId, request, json, onComplete);
      if (kept) {
        records.add(recorder);
      } else {
        dropped++;
      }
    }
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    return recorder;
  }

  /** Counts a request begun with {@link #begin} as no longer in flight. */
  public void end() {
    inFlight.decrementAndGet();
  }

  /** Returns snapshots of the recorded requests in arrival order. */
  public List<RequestTruth> snapshot() {
    List<TruthRecorder> copy;
    synchronized (lock) {
      copy = new ArrayList<>(records);
    }
    List<RequestTruth> result = new ArrayList<>(copy.size());
    for (TruthRecorder recorder : copy) {
      result.add(recorder.snapshot());
    }
    return result;
  }

  /** Returns how many recorded requests have completed. */
  public int completedCount() {
    return completed.get();
  }

  /** Returns requests received since start or the last reset, recorded or not. */
  public long total() {
    synchronized (lock) {
      return nextIndex;
    }
  }

  /** Returns requests received but not recorded. */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  /** Returns requests in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Returns the peak of {@link #inFlight()}. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /** Counts a recorded request as completed, unless a reset has forgotten it since. */
  private void countCompleted(int recorderGeneration) {
    synchronized (lock) {
      if (recorderGeneration == generation) {
        completed.incrementAndGet();
      }
    }
  }

  /**
   * Forgets all records, restarts request indices at 0 and sets the peak to the requests in flight
   * now. Requests still in flight keep their old indices and are not recorded again.
   */
  public void reset() {
    synchronized (lock) {
      records.clear();
      nextIndex = 0;
      dropped = 0;
      generation++;
      completed.set(0);
    }
    peakInFlight.set(inFlight.get());
  }
}
