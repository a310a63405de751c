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
   * Streams the plan as a chunked 200 response.
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
    exchange.startStream(200);
    Fault.MidStreamFault pending = fault instanceof Fault.MidStreamFault mid ? mid : null;
    boolean skipDone = fault instanceof Fault.CloseWithoutDone;
    long shift = 0;
    int written = 0;
    GenerationPlan.Cursor cursor = plan.cursor();
    for (PlannedEvent event = cursor.next(); event != null; event = cursor.next()) {
      if (pending != null && written == pending.afterEvents()) {
        Effect effect = apply(pending, exchange, format);
        pending = null;
        if (effect.ended) {
          return;
        }
        shift += effect.delayNanos;
        written += effect.eventsWritten;
      }
      if (event.kind() == EventKind.DONE && skipDone) {
        continue;
      }
      pacer.sleepUntil(startNanos + shift + event.offsetNanos());
      int reasoning = event.kind() == EventKind.REASONING ? event.tokens() : 0;
      exchange.writeEvent(format.render(event), event.kind(), event.tokens(), reasoning);
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

  /** What applying a fault did to the stream. */
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
