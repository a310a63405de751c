package dev.tokenstorm.core.internal.metrics;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Counts and running sums of one run: request counts, the wall-time window, token sums and event
 * counters. Memory does not grow with the number of records.
 *
 * <p>Not thread-safe: {@link MetricsAccumulator} guards every instance with its lock.
 */
final class RunCounters {

  private static final ErrorKind[] ERROR_KINDS = ErrorKind.values();
  private static final TokenSource[] TOKEN_SOURCES = TokenSource.values();

  long total;
  long success;
  long stream;
  long nonStream;
  final long[] failuresByKind = new long[ERROR_KINDS.length];
  /** Failed records that carried no {@link ErrorKind}; counted as failed but in no kind. */
  long failuresWithoutKind;
  /** Successful records per {@link TokenSource}, indexed by ordinal. */
  final long[] tokenSources = new long[TOKEN_SOURCES.length];

  long firstSentNanos = Long.MAX_VALUE;
  long lastSentNanos = Long.MIN_VALUE;
  long lastEndNanos = Long.MIN_VALUE;

  /** Records with a schedule slot, and the earliest and latest slot. */
  long scheduled;
  long firstScheduledNanos = Long.MAX_VALUE;
  long lastScheduledNanos = Long.MIN_VALUE;

  /** Input tokens of successful requests that reported them, and how many did. */
  long promptTokenSum;
  long promptTokenCount;
  /** Output tokens of successful generation requests that reported them, and how many did. */
  long completionTokenSum;
  long completionTokenCount;
  /**
   * Latency of the successful requests counted in {@link #promptTokenSum} whose latency is 0 or
   * more, and their input tokens: the two sums of the per-request input throughput.
   */
  double perRequestLatencyNanosSum;
  long perRequestPromptTokenSum;

  long malformedEvents;
  long requestsWithMalformedEvents;
  /** Samples left out because a duration came out negative or a rate was not finite. */
  long droppedSamples;

  RunCounters() {}

  RunCounters copy() {
    RunCounters copy = new RunCounters();
    copy.total = total;
    copy.success = success;
    copy.stream = stream;
    copy.nonStream = nonStream;
    System.arraycopy(failuresByKind, 0, copy.failuresByKind, 0, failuresByKind.length);
    copy.failuresWithoutKind = failuresWithoutKind;
    System.arraycopy(tokenSources, 0, copy.tokenSources, 0, tokenSources.length);
    copy.firstSentNanos = firstSentNanos;
    copy.lastSentNanos = lastSentNanos;
    copy.lastEndNanos = lastEndNanos;
    copy.scheduled = scheduled;
    copy.firstScheduledNanos = firstScheduledNanos;
    copy.lastScheduledNanos = lastScheduledNanos;
    copy.promptTokenSum = promptTokenSum;
    copy.promptTokenCount = promptTokenCount;
    copy.completionTokenSum = completionTokenSum;
    copy.completionTokenCount = completionTokenCount;
    copy.perRequestLatencyNanosSum = perRequestLatencyNanosSum;
    copy.perRequestPromptTokenSum = perRequestPromptTokenSum;
    copy.malformedEvents = malformedEvents;
    copy.requestsWithMalformedEvents = requestsWithMalformedEvents;
    copy.droppedSamples = droppedSamples;
    return copy;
  }

  /** Counts one measured record, successful or not. */
  void count(RequestRecord record, ApiKind kind) {
    total++;
    if (record.stream()) {
      stream++;
    } else {
      nonStream++;
    }
    firstSentNanos = Math.min(firstSentNanos, record.sentNanos());
    lastSentNanos = Math.max(lastSentNanos, record.sentNanos());
    lastEndNanos = Math.max(lastEndNanos, record.endNanos());
    if (record.scheduledNanos().isPresent()) {
      long slot = record.scheduledNanos().getAsLong();
      scheduled++;
      firstScheduledNanos = Math.min(firstScheduledNanos, slot);
      lastScheduledNanos = Math.max(lastScheduledNanos, slot);
    }
    if (record.malformedEvents() > 0) {
      malformedEvents += record.malformedEvents();
      requestsWithMalformedEvents++;
    }
    if (record.success()) {
      countSuccess(record, kind);
    } else if (record.errorKind() != null) {
      failuresByKind[record.errorKind().ordinal()]++;
    } else {
      failuresWithoutKind++;
    }
  }

  private void countSuccess(RequestRecord record, ApiKind kind) {
    success++;
    tokenSources[record.tokenSource().ordinal()]++;
    long latencyNanos = record.endNanos() - record.sentNanos();
    if (record.promptTokens().isPresent()) {
      int prompt = record.promptTokens().getAsInt();
      promptTokenSum += prompt;
      promptTokenCount++;
      if (latencyNanos >= 0) {
        perRequestPromptTokenSum += prompt;
        perRequestLatencyNanosSum += latencyNanos;
      }
    }
    if (kind == ApiKind.GENERATION && record.completionTokens().isPresent()) {
      completionTokenSum += record.completionTokens().getAsInt();
      completionTokenCount++;
    }
  }

  long failed() {
    return total - success;
  }

  /** Returns the wall window in nanoseconds: last end minus first send, or 0 without records. */
  long wallNanos() {
    return total == 0 ? 0 : Math.max(0, lastEndNanos - firstSentNanos);
  }

  /**
   * Returns the schedule's own rate over the scheduled records: (n - 1) / (last slot - first
   * slot), empty for fewer than 2 slots.
   */
  OptionalDouble scheduleRate() {
    if (scheduled < 2 || lastScheduledNanos <= firstScheduledNanos) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((scheduled - 1) / ((lastScheduledNanos - firstScheduledNanos) / 1e9));
  }

  /** Returns the failures per kind, only kinds that occurred, in enum order. */
  Map<ErrorKind, Long> failuresByKindMap() {
    Map<ErrorKind, Long> map = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ERROR_KINDS) {
      if (failuresByKind[kind.ordinal()] > 0) {
        map.put(kind, failuresByKind[kind.ordinal()]);
      }
    }
    return map;
  }

  /** Returns the successful requests per token source, only sources that occurred. */
  Map<TokenSource, Long> tokenSourcesMap() {
    Map<TokenSource, Long> map = new EnumMap<>(TokenSource.class);
    for (TokenSource source : TOKEN_SOURCES) {
      if (tokenSources[source.ordinal()] > 0) {
        map.put(source, tokenSources[source.ordinal()]);
      }
    }
    return map;
  }
}
