package dev.tokenstorm.core.internal.visualizer;

import dev.tokenstorm.api.result.RequestRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running summary of one run, kept from the records as they arrive: counts, averages and
 * throughputs under evalscope's summary labels ({@code Avg TTFT (ms)}, ...).
 *
 * <p>Each record costs O(1) time and the state is a fixed set of sums, so a long run does not
 * grow it. Averages follow the definitions of {@link dev.tokenstorm.api.result.RunSummary}: they
 * cover successful requests, TTFT only requests with a first token, TPOT only requests with more
 * than one output token, and ITL pools all gaps between output-bearing events. The pooled ITL sum
 * telescopes to {@code last event - first event} per request, which is why no per-gap loop is
 * needed. Not thread-safe: one sink's writer thread owns it.
 */
final class RunningSummary {

  private long total;
  private long succeeded;
  private long firstSentNanos = Long.MAX_VALUE;
  private long lastEndNanos = Long.MIN_VALUE;
  private long latencyNanosSum;
  private long ttftNanosSum;
  private long ttftCount;
  private double tpotNanosSum;
  private long tpotCount;
  private long itlNanosSum;
  private long itlCount;
  private long promptTokensSum;
  private long promptTokensCount;
  private long completionTokensSum;
  private long completionTokensCount;

  /** Adds one completed request, successful or not. */
  void add(RequestRecord record) {
    total++;
    firstSentNanos = Math.min(firstSentNanos, record.sentNanos());
    lastEndNanos = Math.max(lastEndNanos, record.endNanos());
    if (!record.success()) {
      return;
    }
    succeeded++;
    latencyNanosSum += record.endNanos() - record.sentNanos();

    if (record.firstTokenNanos().isPresent()) {
      ttftNanosSum += record.firstTokenNanos().getAsLong() - record.sentNanos();
      ttftCount++;
    }
    record.tpotNanos().ifPresent(tpot -> {
      tpotNanosSum += tpot;
      tpotCount++;
    });

    int events = record.tokenEventCount();
    if (events >= 2 && record.firstTokenNanos().isPresent()
        && record.lastTokenNanos().isPresent()) {
      itlNanosSum += record.lastTokenNanos().getAsLong() - record.firstTokenNanos().getAsLong();
      itlCount += events - 1;
    }

    if (record.promptTokens().isPresent()) {
      promptTokensSum += record.promptTokens().getAsInt();
      promptTokensCount++;
    }
    if (record.completionTokens().isPresent()) {
      completionTokensSum += record.completionTokens().getAsInt();
      completionTokensCount++;
    }
  }

  /** Returns the number of records added. */
  long total() {
    return total;
  }

  /**
   * Returns the summary so far. A value that cannot be computed yet, such as TTFT before the first
   * successful streamed request, is left out rather than reported as 0 or -1.
   */
  Map<String, Double> snapshot() {
    Map<String, Double> out = new LinkedHashMap<>();
    double seconds = total == 0 ? 0 : Math.max(0, lastEndNanos - firstSentNanos) / 1e9;
    out.put("Test Duration (s)", seconds);
    out.put("Total Requests", (double) total);
    out.put("Success Requests", (double) succeeded);
    out.put("Failed Requests", (double) (total - succeeded));
    if (total > 0) {
      out.put("Success Rate (%)", 100.0 * succeeded / total);
    }
    if (seconds > 0) {
      out.put("Req Throughput (req/s)", succeeded / seconds);
      out.put("Output Throughput (tok/s)", completionTokensSum / seconds);
      out.put("Total Throughput (tok/s)", (promptTokensSum + completionTokensSum) / seconds);
    }
    putMean(out, "Avg Latency (s)", latencyNanosSum / 1e9, succeeded);
    putMean(out, "Avg TTFT (ms)", ttftNanosSum / 1e6, ttftCount);
    putMean(out, "Avg TPOT (ms)", tpotNanosSum / 1e6, tpotCount);
    putMean(out, "Avg ITL (ms)", itlNanosSum / 1e6, itlCount);
    putMean(out, "Avg Input Tokens", promptTokensSum, promptTokensCount);
    putMean(out, "Avg Output Tokens", completionTokensSum, completionTokensCount);
    return out;
  }

  private static void putMean(Map<String, Double> out, String key, double sum, long count) {
    if (count > 0) {
      out.put(key, sum / count);
    }
  }
}
