package dev.tokenstorm.api.result;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The raw timeline and outcome of one request.
 *
 * <p>All {@code ...Nanos} values are monotonic times on the {@link System#nanoTime()} scale of the
 * JVM that ran the request; only differences between them mean anything. {@code wallStartMillis}
 * ties the timeline to the calendar.
 *
 * @param index 0-based position of the request within its run, in dispatch order
 * @param requestId an id from the dataset, or null
 * @param warmup whether the request belongs to the warmup phase; warmup records never reach sinks
 * @param wallStartMillis epoch milliseconds when the request was sent
 * @param scheduledNanos when the request was due by the rate schedule; empty for unpaced runs
 * @param sentNanos when the request was handed to the HTTP client
 * @param headersNanos when the response headers arrived
 * @param firstTokenNanos arrival of the first output-bearing event (content, reasoning, tool call)
 * @param firstContentNanos arrival of the first visible-content event
 * @param lastTokenNanos arrival of the last output-bearing event
 * @param endNanos when the response was complete: last byte, end marker or stream close
 * @param tokenEventNanos arrival times of all output-bearing events, in order
 * @param stream whether the response was streamed as server-sent events
 * @param success whether the request succeeded
 * @param httpStatus the HTTP status, empty when no response arrived
 * @param errorKind why the request failed, or null on success
 * @param errorMessage the failure reason, or null on success
 * @param promptTokens input tokens
 * @param completionTokens output tokens (reasoning included)
 * @param reasoningTokens the reasoning part of the output, when known
 * @param cachedTokens input tokens served from the server's prefix cache, when reported
 * @param tokenSource where {@code completionTokens} came from
 * @param malformedEvents events that could not be parsed and were skipped
 * @param requestBody the body sent, or null when not kept
 * @param outputText the output text (content, then reasoning), possibly truncated, or null when
 *     not kept
 */
public record RequestRecord(
    long index,
    @Nullable String requestId,
    boolean warmup,
    long wallStartMillis,
    OptionalLong scheduledNanos,
    long sentNanos,
    OptionalLong headersNanos,
    OptionalLong firstTokenNanos,
    OptionalLong firstContentNanos,
    OptionalLong lastTokenNanos,
    long endNanos,
    long[] tokenEventNanos,
    boolean stream,
    boolean success,
    OptionalInt httpStatus,
    @Nullable ErrorKind errorKind,
    @Nullable String errorMessage,
    OptionalInt promptTokens,
    OptionalInt completionTokens,
    OptionalInt reasoningTokens,
    OptionalInt cachedTokens,
    TokenSource tokenSource,
    int malformedEvents,
    @Nullable String requestBody,
    @Nullable String outputText) {

  public RequestRecord {
    tokenEventNanos = tokenEventNanos.clone();
  }

  @Override
  public long[] tokenEventNanos() {
    return tokenEventNanos.clone();
  }

  /** Returns the number of output-bearing events. */
  public int tokenEventCount() {
    return tokenEventNanos.length;
  }

  /** Returns the end-to-end latency: sent to response complete. */
  public Duration latency() {
    return Duration.ofNanos(endNanos - sentNanos);
  }

  /** Returns the time to first token: sent to the first output-bearing event. */
  public Optional<Duration> ttft() {
    return firstTokenNanos.isPresent()
        ? Optional.of(Duration.ofNanos(firstTokenNanos.getAsLong() - sentNanos))
        : Optional.empty();
  }

  /** Returns the time to first visible content, which differs from TTFT for reasoning models. */
  public Optional<Duration> ttfc() {
    return firstContentNanos.isPresent()
        ? Optional.of(Duration.ofNanos(firstContentNanos.getAsLong() - sentNanos))
        : Optional.empty();
  }

  /**
   * Returns the time per output token in nanoseconds: (last token event - first token event) /
   * (output tokens - 1). Empty unless the request succeeded with more than one output token.
   */
  public OptionalDouble tpotNanos() {
    if (!success || completionTokens.isEmpty() || completionTokens.getAsInt() <= 1) {
      return OptionalDouble.empty();
    }
    if (firstTokenNanos.isEmpty() || lastTokenNanos.isEmpty()) {
      return OptionalDouble.empty();
    }
    long decode = lastTokenNanos.getAsLong() - firstTokenNanos.getAsLong();
    return OptionalDouble.of((double) decode / (completionTokens.getAsInt() - 1));
  }

  /** Returns the gaps between consecutive output-bearing events, in nanoseconds. */
  public long[] interTokenNanos() {
    if (tokenEventNanos.length < 2) {
      return new long[0];
    }
    long[] gaps = new long[tokenEventNanos.length - 1];
    for (int i = 1; i < tokenEventNanos.length; i++) {
      gaps[i - 1] = tokenEventNanos[i] - tokenEventNanos[i - 1];
    }
    return gaps;
  }

  /** Returns how long the request waited after its scheduled time before it was sent. */
  public Optional<Duration> queueTime() {
    return scheduledNanos.isPresent()
        ? Optional.of(Duration.ofNanos(Math.max(0, sentNanos - scheduledNanos.getAsLong())))
        : Optional.empty();
  }

  /** Returns the latency measured from the scheduled send time (free of coordinated omission). */
  public Optional<Duration> latencyFromSchedule() {
    return scheduledNanos.isPresent()
        ? Optional.of(Duration.ofNanos(endNanos - scheduledNanos.getAsLong()))
        : Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestRecord that
        && index == that.index
        && sentNanos == that.sentNanos
        && endNanos == that.endNanos
        && java.util.Arrays.equals(tokenEventNanos, that.tokenEventNanos)
        && java.util.Objects.equals(toComparable(), that.toComparable());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, sentNanos, endNanos);
  }

  private java.util.List<Object> toComparable() {
    return java.util.Arrays.asList(
        requestId, warmup, wallStartMillis, scheduledNanos, headersNanos, firstTokenNanos,
        firstContentNanos, lastTokenNanos, stream, success, httpStatus, errorKind, errorMessage,
        promptTokens, completionTokens, reasoningTokens, cachedTokens, tokenSource,
        malformedEvents, requestBody, outputText);
  }

  @Override
  public String toString() {
    return "RequestRecord[index=" + index + ", success=" + success
        + ", latency=" + latency() + ", ttft=" + ttft().map(Duration::toString).orElse("none")
        + ", tokenEvents=" + tokenEventNanos.length + ", completionTokens=" + completionTokens
        + ", tokenSource=" + tokenSource + ", httpStatus=" + httpStatus
        + ", errorKind=" + errorKind + ", error=" + errorMessage + "]";
  }
}
