package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.EventTruth;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.RequestOutcome;
import dev.tokenstorm.testkit.server.RequestTruth;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Collects the truth of one request while the server responds. Written by the connection's thread and
 * read by {@link #snapshot()} from any thread, so every method synchronizes on this object; the
 * lock is never held while blocking.
 */
public final class TruthRecorder {

  private static final EventKind[] KINDS = EventKind.values();

  private final long index;
  private final long connectionId;
  private final HttpRequest request;
  private final @Nullable JsonNode json;
  private final Runnable onComplete;

  private long admittedNanos;
  private boolean admitted;
  private long headersWrittenNanos;
  private boolean headersWritten;
  private int status;
  private boolean streamed;
  private long[] eventNanos = new long[8];
  private byte[] eventKinds = new byte[8];
  private int[] eventTokens = new int[8];
  private int eventCount;
  private long completedNanos;
  private RequestOutcome outcome = RequestOutcome.IN_PROGRESS;
  private int promptTokens;
  private int outputTokens;
  private int reasoningTokens;
  private @Nullable Fault fault;
  private @Nullable String rawScript;

  TruthRecorder(
      long index,
      long connectionId,
      HttpRequest request,
      @Nullable JsonNode json,
      Runnable onComplete) {
    this.index = index;
    this.connectionId = connectionId;
    this.request = request;
    this.json = json;
    this.onComplete = onComplete;
  }

  /** Returns the request's index on the server. */
  public long index() {
    return index;
  }

  /** Records when generation started after the capacity wait. */
  public synchronized void admitted(long nanos) {
    admittedNanos = nanos;
    admitted = true;
  }

  /** Records the status line and headers being flushed. */
  public synchronized void headersWritten(long nanos, int httpStatus, boolean eventStream) {
    headersWrittenNanos = nanos;
    headersWritten = true;
    status = httpStatus;
    streamed = eventStream;
  }

  /** Records one flushed write carrying {@code tokens} output tokens, {@code reasoning} of them reasoning. */
  public synchronized void event(long nanos, EventKind kind, int tokens, int reasoning) {
    if (eventCount == eventNanos.length) {
      int size = eventCount * 2;
      eventNanos = Arrays.copyOf(eventNanos, size);
      eventKinds = Arrays.copyOf(eventKinds, size);
      eventTokens = Arrays.copyOf(eventTokens, size);
    }
    eventNanos[eventCount] = nanos;
    eventKinds[eventCount] = (byte) kind.ordinal();
    eventTokens[eventCount] = tokens;
    eventCount++;
    outputTokens += tokens;
    reasoningTokens += reasoning;
  }

  /** Records the prompt's token count. */
  public synchronized void promptTokens(int count) {
    promptTokens = count;
  }

  /** Records the fault applied to the request. */
  public synchronized void fault(Fault applied) {
    fault = applied;
  }

  /** Records the raw script played for the request. */
  public synchronized void rawScript(String name) {
    rawScript = name;
  }

  /** Records the end of handling; only the first call counts. */
  public void complete(long nanos, RequestOutcome how) {
    synchronized (this) {
      if (outcome != RequestOutcome.IN_PROGRESS) {
        return;
      }
      completedNanos = nanos;
      outcome = how;
    }
    onComplete.run();
  }

  /** Returns whether {@link #complete} was called. */
  public synchronized boolean isComplete() {
    return outcome != RequestOutcome.IN_PROGRESS;
  }

  /** Returns an immutable copy of what was recorded so far. */
  public synchronized RequestTruth snapshot() {
    List<EventTruth> events = new ArrayList<>(eventCount);
    for (int i = 0; i < eventCount; i++) {
      events.add(new EventTruth(eventNanos[i], KINDS[eventKinds[i]], eventTokens[i]));
    }
    return new RequestTruth(
        index,
        connectionId,
        request.method(),
        request.path(),
        request.headers(),
        new String(request.body(), StandardCharsets.UTF_8),
        Optional.ofNullable(json),
        request.arrivalNanos(),
        admitted ? OptionalLong.of(admittedNanos) : OptionalLong.empty(),
        headersWritten ? OptionalLong.of(headersWrittenNanos) : OptionalLong.empty(),
        headersWritten ? OptionalInt.of(status) : OptionalInt.empty(),
        streamed,
        events,
        outcome == RequestOutcome.IN_PROGRESS ? OptionalLong.empty() : OptionalLong.of(completedNanos),
        outcome,
        promptTokens,
        outputTokens,
        reasoningTokens,
        Optional.ofNullable(fault),
        Optional.ofNullable(rawScript));
  }
}
