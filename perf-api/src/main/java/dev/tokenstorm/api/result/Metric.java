package dev.tokenstorm.api.result;

/**
 * A per-request metric with a distribution. Values of a metric are always in its {@link #unit()}.
 * {@link #label()} is the column name evalscope uses in {@code benchmark_percentile.json}.
 */
public enum Metric {
  /** End-to-end latency of successful requests, in seconds. */
  LATENCY("Latency (s)", "s"),
  /** Time to first output-bearing event, in milliseconds; streamed requests only. */
  TTFT("TTFT (ms)", "ms"),
  /** Time to first visible content, in milliseconds; differs from TTFT for reasoning models. */
  TTFC("TTFC (ms)", "ms"),
  /** Gaps between consecutive output-bearing events, pooled over requests, in milliseconds. */
  ITL("ITL (ms)", "ms"),
  /** Time per output token after the first, in milliseconds; requests with more than one token. */
  TPOT("TPOT (ms)", "ms"),
  /** Input tokens per request. */
  INPUT_TOKENS("Input tokens", "tokens"),
  /** Output tokens per request. */
  OUTPUT_TOKENS("Output tokens", "tokens"),
  /** Output tokens / latency per request, in tokens per second. */
  OUTPUT_THROUGHPUT("Output (tok/s)", "tok/s"),
  /** (Input + output tokens) / latency per request, in tokens per second. */
  TOTAL_THROUGHPUT("Total (tok/s)", "tok/s"),
  /** 1 / TPOT per request, in tokens per second. */
  DECODE_THROUGHPUT("Decode (tok/s)", "tok/s"),
  /** Input tokens / latency per request (embedding and rerank runs), in tokens per second. */
  INPUT_THROUGHPUT("Input (tok/s)", "tok/s"),
  /** Time a rate-paced request waited between its scheduled time and its send, in milliseconds. */
  QUEUE_TIME("Queue time (ms)", "ms"),
  /** Latency measured from the scheduled send time, in seconds; rate-paced runs only. */
  LATENCY_FROM_SCHEDULE("Latency from schedule (s)", "s");

  private final String label;
  private final String unit;

  Metric(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  /** Returns the column name, such as {@code TTFT (ms)}. */
  public String label() {
    return label;
  }

  /** Returns the unit, such as {@code ms}, {@code s}, {@code tokens} or {@code tok/s}. */
  public String unit() {
    return unit;
  }
}
