package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes a planned event stream: each event at its absolute deadline, one chunk and one flush per
 * event, applying the request's mid-stream fault. Shared by every streaming endpoint. Stateless
 * apart from the pacer.
 */
public final class EventStreamer {

  private final Pacer pacer;

  /** Creates a streamer that waits for deadlines with {@code pacer}. */
  public EventStreamer(Pacer pacer) {
    this.pacer = pacer;
  }

  /**
   * Streams the plan as a chunked 200 response. Events that are already due when the one before
   * them is written go out in the same flush (for example the finish, usage and {@code [DONE]}
   * events at the end), which saves system calls; the truth then gives them the same time.
   *
   * @param startNanos when generation started; event offsets count from here
   * @param fault the request's fault, or null; status faults must have been handled already
   */
  public void stream(
      Exchange exchange,
      GenerationPlan plan,
      StreamFormat format,
      long startNanos,
      @Nullable Fault fault)
      throws IOException, InterruptedException {
    Fault.MidStreamFault pending = fault instanceof Fault.MidStreamFault mid ? mid : null;
    boolean skipDone = fault instanceof Fault.CloseWithoutDone;
    GenerationPlan.Cursor cursor = plan.cursor();
    PlannedEvent next = nextToSend(cursor, skipDone);
    long shift = 0;
    int written = 0;
    boolean faultBeforeFirst = pending != null && pending.afterEvents() == 0;
    exchange.startStream(200, faultBeforeFirst || !isDue(next, startNanos));
    while (next != null) {
      PlannedEvent event = next;
      next = nextToSend(cursor, skipDone);
      if (pending != null && written == pending.afterEvents()) {
        Effect effect = apply(pending, exchange, format);
        pending = null;
        if (effect.ended) {
          return;
        }
        shift += effect.delayNanos;
        written += effect.eventsWritten;
      }
      pacer.sleepUntil(startNanos + shift + event.offsetNanos());
      // Flush before a fault acts, because a reset would drop unsent bytes.
      boolean faultNext = pending != null && (next == null || written + 1 >= pending.afterEvents());
      boolean flush = faultNext || (next != null && !isDue(next, startNanos + shift));
      int reasoning = event.kind() == EventKind.REASONING ? event.tokens() : 0;
      exchange.writeEvent(format.render(event), event.kind(), event.tokens(), reasoning, flush);
      written++;
    }
    if (pending != null) {
      Effect effect = apply(pending, exchange, format);
      if (effect.ended) {
        return;
      }
      // A stall after the last event delays the terminating chunk.
      pacer.sleepUntil(System.nanoTime() + effect.delayNanos);
    }
    exchange.endStream();
  }

  private static @Nullable PlannedEvent nextToSend(GenerationPlan.Cursor cursor, boolean skipDone) {
    PlannedEvent event = cursor.next();
    return event != null && skipDone && event.kind() == EventKind.DONE ? cursor.next() : event;
  }

  private static boolean isDue(@Nullable PlannedEvent event, long startNanos) {
    return event != null && startNanos + event.offsetNanos() - System.nanoTime() <= 0;
  }

  /** The result of applying a fault to the stream. */
  private record Effect(boolean ended, long delayNanos, int eventsWritten) {}

  private static Effect apply(Fault.MidStreamFault fault, Exchange exchange, StreamFormat format)
      throws IOException {
    switch (fault) {
      case Fault.ResetAfterEvents reset -> {
        exchange.resetConnection();
        return new Effect(true, 0, 0);
      }
      case Fault.CloseAfterEvents close -> {
        exchange.closeConnection(true);
        return new Effect(true, 0, 0);
      }
      case Fault.StallAfterEvents stall -> {
        // Later deadlines move by the stall; nothing is written until the next one.
        return new Effect(false, stall.stall().toNanos(), 0);
      }
      case Fault.MalformedEventAfterEvents malformed -> {
        exchange.writeEvent(format.malformedEvent(), EventKind.MALFORMED, 0, 0);
        return new Effect(false, 0, 1);
      }
      case Fault.InvalidUtf8AfterEvents invalid -> {
        exchange.writeEvent(format.invalidUtf8Event(), EventKind.INVALID_UTF8, 0, 0);
        return new Effect(false, 0, 1);
      }
      case Fault.ErrorEventAfterEvents error -> {
        exchange.writeEvent(format.errorEvent(error.message()), EventKind.ERROR, 0, 0);
        exchange.writeEvent(SseBytes.DONE, EventKind.DONE, 0, 0);
        exchange.endStream();
        return new Effect(true, 0, 2);
      }
    }
  }
}
