package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.core.internal.sse.SseParser;
import dev.tokenstorm.core.internal.sse.SseProtocolException;
import dev.tokenstorm.core.time.PerfClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response: the body handler and subscriber given to the {@link HttpClient},
 * the timeout checks, and the outcome.
 *
 * <p>Threading: the client calls the handler and subscriber methods on its executor threads, the
 * watchdog checks timeouts on its own thread, and the sending thread may abort on interrupt. A lock
 * serialises everything that touches the decoder, the sink and the outcome. Once the outcome is
 * set ({@code done}), no decoder or sink method is called again, so the caller of
 * {@link HttpTransport#send} owns the sink as soon as it returns.
 */
final class Exchange
    implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void>, SseParser.Listener {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  /** Maximum error-response body text kept in the failure message, in characters. */
  static final int MAX_ERROR_BODY_CHARS = 2000;

  /** Maximum non-streamed body size, in bytes. Larger bodies fail the request. */
  static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

  /** Error-response bytes kept; enough for {@link #MAX_ERROR_BODY_CHARS} of any script. */
  private static final int MAX_KEPT_ERROR_BYTES = 4 * MAX_ERROR_BODY_CHARS;

  private enum Mode {
    AWAITING_HEADERS,
    EVENT_STREAM,
    BODY,
    ERROR_BODY
  }

  private final PerfClock clock;
  private final ResponseDecoder decoder;
  private final TrackingSink sink;
  private final Timeouts timeouts;
  private final String loggableUri;
  private final ReentrantLock lock = new ReentrantLock();
  private final CompletableFuture<ExchangeOutcome> result = new CompletableFuture<>();
  private final CompletableFuture<Void> bodyDone = new CompletableFuture<>();

  // Volatile because close() may abort from another thread before start() runs.
  private volatile long wallStartMillis;
  private volatile long sentNanos;
  private volatile long totalDeadlineNanos;
  private volatile long lastActivityNanos;
  private volatile boolean done;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile @Nullable CompletableFuture<HttpResponse<Void>> responseFuture;
  private volatile @Nullable Future<?> watchdogTask;

  // Guarded by lock.
  private Mode mode = Mode.AWAITING_HEADERS;
  private int status = -1;
  private long headersNanos = -1;
  private String contentType = "";
  private @Nullable String retryAfter;
  private @Nullable SseParser parser;
  private byte[] body = new byte[0];
  private int bodyLength;
  private long bodyBytes;
  private long lastArrivalNanos;
  private boolean decoderEngaged;
  private boolean decoderBroken;

  Exchange(
      PerfClock clock,
      ResponseDecoder decoder,
      DecodeSink sink,
      Timeouts timeouts,
      String loggableUri) {
    this.clock = clock;
    this.decoder = decoder;
    this.sink = new TrackingSink(sink);
    this.timeouts = timeouts;
    this.loggableUri = loggableUri;
    // Replaced by start(); these values only show in an outcome aborted before the send.
    this.wallStartMillis = clock.wallMillis();
    this.sentNanos = clock.nanoTime();
  }

  /** Timeouts in nanoseconds; 0 means no limit. Names are the builder's for error messages. */
  record Timeouts(long connectNanos, long readNanos, long totalNanos) {}

  /** Sends {@code request} and starts the timeout checks. */
  void start(HttpClient client, HttpRequest request, ScheduledExecutorService watchdog) {
    if (done) {
      return;
    }
    wallStartMillis = clock.wallMillis();
    sentNanos = clock.nanoTime();
    lastActivityNanos = sentNanos;
    totalDeadlineNanos = sentNanos + timeouts.totalNanos();
    CompletableFuture<HttpResponse<Void>> future;
    try {
      future = client.sendAsync(request, this);
    } catch (IllegalArgumentException | IllegalStateException e) {
      abort(ErrorKind.CLIENT, "the request could not be sent: " + e.getMessage());
      return;
    }
    responseFuture = future;
    future.whenComplete(this::onResponseFuture);
    if (done) {
      future.cancel(true);
      return;
    }
    scheduleCheck(watchdog);
  }

  /** Fails the exchange before anything was sent, for a request that could not be built. */
  ExchangeOutcome failBeforeSend(ErrorKind kind, String message) {
    abort(kind, message);
    return result.join();
  }

  /** Blocks until the outcome is known. */
  ExchangeOutcome await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      // The result is only ever completed normally.
      throw new IllegalStateException("exchange result failed", e);
    }
  }

  /**
   * Fails the exchange with {@code kind} unless it already has an outcome, then cancels the HTTP
   * exchange, which closes its connection.
   *
   * @return true if this call set the outcome
   */
  boolean abort(ErrorKind kind, String message) {
    long now = clock.nanoTime();
    lock.lock();
    try {
      if (done) {
        return false;
      }
      finishLocked(kind, message, now);
    } finally {
      lock.unlock();
    }
    cancelHttpExchange();
    return true;
  }

  // ---------------------------------------------------------------- HttpClient callbacks

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    long now = clock.nanoTime();
    lastActivityNanos = now;
    lock.lock();
    try {
      headersNanos = now;
      status = info.statusCode();
      contentType = info.headers().firstValue("Content-Type").orElse("");
      retryAfter = info.headers().firstValue("Retry-After").orElse(null);
      if (status == 200) {
        decoderEngaged = true;
        if (isEventStream(contentType)) {
          mode = Mode.EVENT_STREAM;
          parser = new SseParser(this);
        } else {
          mode = Mode.BODY;
        }
      } else {
        mode = Mode.ERROR_BODY;
      }
    } finally {
      lock.unlock();
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "HTTP {} from {} after {} ms, content type '{}'",
          info.statusCode(),
          loggableUri,
          (now - sentNanos) / 1_000_000,
          contentType);
    }
    return this;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (done) {
      subscription.cancel();
    } else {
      // Unbounded demand: buffers are consumed synchronously in onNext, so nothing piles up, and
      // the client never pauses reading. With request(1) per buffer, the JDK client stops reading
      // after each buffer and needs its selector thread to resume; with many streams that thread
      // becomes the bottleneck and delays arrivals by tens of milliseconds.
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    long arrival = clock.nanoTime();
    lastActivityNanos = arrival;
    boolean wantMore;
    lock.lock();
    try {
      if (done) {
        return;
      }
      lastArrivalNanos = arrival;
      for (ByteBuffer item : items) {
        consume(item, arrival);
        if (done) {
          break;
        }
      }
      wantMore = !done;
    } finally {
      lock.unlock();
    }
    if (!wantMore) {
      cancelHttpExchange();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    long now = clock.nanoTime();
    lock.lock();
    try {
      if (!done) {
        finishLocked(
            ErrorKind.CONNECTION,
            "connection failed while reading the response body: " + describe(throwable),
            now);
      }
    } finally {
      lock.unlock();
    }
    bodyDone.complete(null);
  }

  @Override
  public void onComplete() {
    lock.lock();
    try {
      if (!done) {
        completeLocked();
      }
    } finally {
      lock.unlock();
    }
    bodyDone.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return bodyDone;
  }

  /** Handles events from the parser: hands them to the decoder, containing its exceptions. */
  @Override
  public void onEvent(SseEvent event, long arrivalNanos) {
    try {
      decoder.onEvent(event, arrivalNanos, sink);
    } catch (RuntimeException e) {
      throw decoderFailed(e);
    }
  }

  private void onResponseFuture(@Nullable HttpResponse<Void> response, @Nullable Throwable error) {
    if (done) {
      return;
    }
    if (error == null) {
      // The body subscriber completes the outcome before the response future completes.
      abort(ErrorKind.CONNECTION, "the response ended without a complete body");
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof CancellationException) {
      abort(ErrorKind.CANCELLED, "the exchange was cancelled");
      return;
    }
    ErrorKind kind = FailureMessages.kindOf(cause);
    abort(kind, FailureMessages.beforeResponse(cause, timeouts, loggableUri));
  }

  // ---------------------------------------------------------------- body handling

  private void consume(ByteBuffer item, long arrival) {
    int length = item.remaining();
    bodyBytes += length;
    switch (mode) {
      case EVENT_STREAM -> feedParser(item, arrival);
      case BODY -> {
        if (bodyLength + (long) length > MAX_BODY_BYTES) {
          finishLocked(
              ErrorKind.PROTOCOL,
              "the response body is larger than " + MAX_BODY_BYTES + " bytes",
              arrival);
          return;
        }
        append(item, length);
      }
      case ERROR_BODY -> append(item, Math.min(length, MAX_KEPT_ERROR_BYTES - bodyLength));
      case AWAITING_HEADERS -> throw new IllegalStateException("body bytes before headers");
    }
  }

  private void feedParser(ByteBuffer item, long arrival) {
    SseParser current = Objects.requireNonNull(parser);
    try {
      current.feed(item, arrival);
    } catch (SseProtocolException e) {
      finishLocked(ErrorKind.PROTOCOL, e.getMessage(), arrival);
    } catch (DecoderFailure e) {
      finishLocked(ErrorKind.PROTOCOL, e.getMessage(), arrival);
    }
  }

  private void append(ByteBuffer item, int length) {
    if (length <= 0) {
      return;
    }
    if (bodyLength + length > body.length) {
      int capacity = (int) Math.min(MAX_BODY_BYTES, Math.max(bodyLength + (long) length, body.length * 2L));
      body = Arrays.copyOf(body, Math.max(capacity, 1024));
    }
    item.get(body, bodyLength, length);
    bodyLength += length;
  }

  private void completeLocked() {
    long end = bodyBytes > 0 ? lastArrivalNanos : headersNanos;
    switch (mode) {
      case EVENT_STREAM -> completeEventStream(end);
      case BODY -> completeBody(end);
      case ERROR_BODY ->
          finishLocked(
              status == 429 ? ErrorKind.RATE_LIMITED : ErrorKind.HTTP_STATUS,
              FailureMessages.httpStatus(status, retryAfter, body, bodyLength, bodyBytes),
              end);
      case AWAITING_HEADERS ->
          finishLocked(ErrorKind.CONNECTION, "the response ended before its headers", end);
    }
  }

  private void completeEventStream(long end) {
    SseParser current = Objects.requireNonNull(parser);
    long malformedBefore = sink.malformedCount();
    try {
      current.finish(end);
    } catch (SseProtocolException | DecoderFailure e) {
      finishLocked(ErrorKind.PROTOCOL, e.getMessage(), end);
      return;
    }
    if (bodyBytes == 0) {
      finishLocked(ErrorKind.CONNECTION, "the event stream ended before any data arrived", end);
      return;
    }
    switch (current.ending()) {
      case INCOMPLETE_EVENT_DISCARDED ->
          finishLocked(
              ErrorKind.CONNECTION,
              "the event stream ended in the middle of an event that had no data line",
              end);
      case TRAILING_EVENT_DISPATCHED -> {
        if (sink.malformedCount() > malformedBefore) {
          finishLocked(
              ErrorKind.CONNECTION,
              "the event stream ended in the middle of an event: the last event had no"
                  + " terminating blank line and could not be decoded",
              end);
        } else {
          finishLocked(null, null, end);
        }
      }
      default -> finishLocked(null, null, end);
    }
  }

  private void completeBody(long end) {
    String text;
    try {
      text = FailureMessages.decodeStrictUtf8(body, bodyLength);
    } catch (FailureMessages.InvalidBodyException e) {
      finishLocked(ErrorKind.PROTOCOL, e.getMessage(), end);
      return;
    }
    try {
      decoder.onBody(contentType, text, end, sink);
    } catch (RuntimeException e) {
      finishLocked(ErrorKind.PROTOCOL, decoderFailed(e).getMessage(), end);
      return;
    }
    finishLocked(null, null, end);
  }

  /** Sets the outcome. Calls the decoder's {@code onEnd} first if the decoder saw the response. */
  private void finishLocked(@Nullable ErrorKind kind, @Nullable String message, long endNanos) {
    done = true;
    if (decoderEngaged && !decoderBroken) {
      try {
        decoder.onEnd(endNanos, sink);
      } catch (RuntimeException e) {
        DecoderFailure failure = decoderFailed(e);
        if (kind == null) {
          kind = ErrorKind.PROTOCOL;
          message = failure.getMessage();
        }
      }
    }
    Future<?> task = watchdogTask;
    if (task != null) {
      task.cancel(false);
    }
    if (kind != null && log.isDebugEnabled()) {
      log.debug("request to {} failed ({}): {}", loggableUri, kind, message);
    }
    result.complete(
        new ExchangeOutcome(
            wallStartMillis,
            sentNanos,
            headersNanos < 0 ? OptionalLong.empty() : OptionalLong.of(headersNanos),
            endNanos,
            status < 0 ? OptionalInt.empty() : OptionalInt.of(status),
            mode == Mode.EVENT_STREAM,
            kind,
            message,
            (int) Math.min(Integer.MAX_VALUE, bodyBytes)));
  }

  private void cancelHttpExchange() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    CompletableFuture<HttpResponse<Void>> future = responseFuture;
    if (future != null) {
      future.cancel(true);
    }
  }

  // ---------------------------------------------------------------- timeouts

  /*
   * One pending watchdog task per exchange. A read timeout is not rescheduled on every received
   * buffer: the task wakes at the earliest possible deadline, and if bytes arrived meanwhile it
   * sleeps again until lastActivity + readTimeout.
   */
  private void scheduleCheck(ScheduledExecutorService watchdog) {
    long deadline = totalDeadlineNanos;
    if (timeouts.readNanos() > 0) {
      long readDeadline = lastActivityNanos + timeouts.readNanos();
      if (readDeadline - deadline < 0) {
        deadline = readDeadline;
      }
    }
    long delay = Math.max(0, deadline - clock.nanoTime());
    try {
      watchdogTask = watchdog.schedule(() -> check(watchdog), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The transport is closing, and close() aborts every exchange still in flight.
      log.debug("timeout check for {} not scheduled: the transport is closing", loggableUri);
    }
    if (done) {
      Future<?> task = watchdogTask;
      if (task != null) {
        task.cancel(false);
      }
    }
  }

  private void check(ScheduledExecutorService watchdog) {
    if (done) {
      return;
    }
    long now = clock.nanoTime();
    if (now - totalDeadlineNanos >= 0) {
      abortAsync(FailureMessages.totalTimeout(timeouts, now - sentNanos));
      return;
    }
    long idle = now - lastActivityNanos;
    if (timeouts.readNanos() > 0 && idle >= timeouts.readNanos()) {
      abortAsync(FailureMessages.readTimeout(timeouts, idle, headersNanos >= 0));
      return;
    }
    scheduleCheck(watchdog);
  }

  /** Aborts on a new virtual thread, so a decoder holding the lock never stalls the watchdog. */
  private void abortAsync(String message) {
    Thread.ofVirtual()
        .name("tokenstorm-http-timeout")
        .start(() -> abort(ErrorKind.TIMEOUT, message));
  }

  // ---------------------------------------------------------------- helpers

  private static boolean isEventStream(String contentType) {
    return contentType.toLowerCase(Locale.ROOT).contains("text/event-stream");
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException
            || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Marks the decoder as broken, so it is not called again, and logs its exception. */
  private DecoderFailure decoderFailed(RuntimeException e) {
    decoderBroken = true;
    log.debug("response decoder for {} threw; failing the request", loggableUri, e);
    return new DecoderFailure(e);
  }

  static String describe(Throwable throwable) {
    return FailureMessages.innermostMessage(throwable);
  }

  /** A decoder exception carried through the parser; its message names the original. */
  private static final class DecoderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecoderFailure(RuntimeException cause) {
      super(
          "the response decoder failed: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
          cause);
    }
  }
}
