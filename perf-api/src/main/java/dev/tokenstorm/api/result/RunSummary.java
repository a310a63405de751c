package dev.tokenstorm.api.result;

import java.util.OptionalDouble;

/**
 * Averages and throughputs of one run. Every value is empty when it cannot be computed (for
 * example TTFT when no streamed request succeeded), never -1, 0 or NaN in its place.
 *
 * @param requestThroughput successful requests per second of wall time
 * @param avgLatencySeconds mean end-to-end latency of successful requests, in seconds
 * @param avgTtftMillis mean TTFT of successful streamed requests, in milliseconds
 * @param avgTtfcMillis mean time to first visible content, in milliseconds
 * @param avgTpotMillis mean TPOT over successful requests with more than one output token, in ms
 * @param avgItlMillis mean of all inter-token gaps pooled over requests, in milliseconds
 * @param avgInputTokens mean input tokens per successful request
 * @param avgOutputTokens mean output tokens per successful request
 * @param outputThroughput output tokens per second of wall time
 * @param totalThroughput input plus output tokens per second of wall time
 * @param inputThroughput input tokens per second of wall time
 * @param inputThroughputPerRequest sum of input tokens / sum of latencies (evalscope's embedding
 *     "Input Throughput")
 * @param avgQueueTimeMillis mean wait between scheduled and actual send, in ms; paced runs only
 * @param p99ClientLagMillis 99th percentile of that wait, in ms; paced runs only
 * @param avgLatencyFromScheduleSeconds mean latency from the scheduled time, in s; paced runs only
 * @param achievedRate measured send rate in requests per second: (requests - 1) / (last send -
 *     first send); empty with fewer than two requests
 */
public record RunSummary(
    OptionalDouble requestThroughput,
    OptionalDouble avgLatencySeconds,
    OptionalDouble avgTtftMillis,
    OptionalDouble avgTtfcMillis,
    OptionalDouble avgTpotMillis,
    OptionalDouble avgItlMillis,
    OptionalDouble avgInputTokens,
    OptionalDouble avgOutputTokens,
    OptionalDouble outputThroughput,
    OptionalDouble totalThroughput,
    OptionalDouble inputThroughput,
    OptionalDouble inputThroughputPerRequest,
    OptionalDouble avgQueueTimeMillis,
    OptionalDouble p99ClientLagMillis,
    OptionalDouble avgLatencyFromScheduleSeconds,
    OptionalDouble achievedRate) {}
