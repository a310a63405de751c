package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** Recording fakes of the decoder and sink, for transport tests. */
final class Recorders {

  private Recorders() {}

  record Received(String data, long arrivalNanos) {}

  /**
   * Records events and bodies. Data {@code boom} makes it throw. Data that opens a JSON object but
   * does not close it is reported as malformed, as a JSON decoder would.
   */
  static final class RecordingDecoder implements ResponseDecoder {
    final List<Received> events = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final AtomicInteger ends = new AtomicInteger();
    final CountDownLatch firstEvent = new CountDownLatch(1);
    final Semaphore received = new Semaphore(0);
    volatile long endNanos;

    @Override
    public void onEvent(SseEvent event, long arrivalNanos, DecodeSink sink) {
      if (event.data().equals("boom")) {
        throw new IllegalStateException("boom");
      }
      events.add(new Received(event.data(), arrivalNanos));
      if (event.data().startsWith("{") && !event.data().endsWith("}")) {
        sink.malformed("truncated JSON");
      } else {
        sink.token(TokenKind.CONTENT, event.data(), arrivalNanos);
      }
      firstEvent.countDown();
      received.release();
    }

    @Override
    public void onBody(String contentType, String body, long arrivalNanos, DecodeSink sink) {
      contentTypes.add(contentType);
      bodies.add(body);
      sink.token(TokenKind.CONTENT, body, arrivalNanos);
    }

    @Override
    public void onEnd(long endNanos, DecodeSink sink) {
      this.endNanos = endNanos;
      ends.incrementAndGet();
    }

    List<String> data() {
      return events.stream().map(Received::data).toList();
    }
  }

  static final class RecordingSink implements DecodeSink {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<String> malformed = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    @Override
    public void token(TokenKind kind, String text, long arrivalNanos) {
      tokens.add(text);
    }

    @Override
    public void usage(Usage usage) {}

    @Override
    public void fail(String message) {
      failures.add(message);
    }

    @Override
    public void malformed(String reason) {
      malformed.add(reason);
    }

    @Override
    public void done(long arrivalNanos) {}

    @Override
    public void resultText(String text) {}
  }
}
