package dev.tokenstorm.core.internal.visualizer;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.core.internal.config.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a run's report and configuration into the flat values trackers store: the final summary
 * under the labels of the text report, the percentile table, and the run configuration.
 */
final class ReportValues {

  /**
   * Config keys whose values are masked again before upload, in case a custom sink or a future
   * option puts a secret into the configuration unmasked.
   */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(api_?key|secret|password|access_?token|authorization).*");

  private ReportValues() {}

  /** Returns the final summary; values that do not exist for this run are left out. */
  static Map<String, Double> summary(RunReport report) {
    Map<String, Double> out = new LinkedHashMap<>();
    RunInfo run = report.run();
    RunSummary s = report.summary();
    out.put("Test Duration (s)", report.duration().toNanos() / 1e9);
    run.parallel().ifPresent(p -> out.put("Concurrency", (double) p));
    run.rate().ifPresent(r -> out.put("Request Rate (req/s)", r));
    out.put("Total Requests", (double) report.totalRequests());
    out.put("Success Requests", (double) report.successRequests());
    out.put("Failed Requests", (double) report.failedRequests());
    out.put("Success Rate (%)", report.successRatePercent());
    out.put("Stream Requests", (double) report.streamRequests());
    out.put("Non-Stream Requests", (double) report.nonStreamRequests());
    put(out, "Req Throughput (req/s)", s.requestThroughput());
    put(out, "Achieved Rate (req/s)", s.achievedRate());
    put(out, "Avg Latency (s)", s.avgLatencySeconds());
    put(out, "Avg TTFT (ms)", s.avgTtftMillis());
    put(out, "Avg TTFC (ms)", s.avgTtfcMillis());
    put(out, "Avg TPOT (ms)", s.avgTpotMillis());
    put(out, "Avg ITL (ms)", s.avgItlMillis());
    put(out, "Avg Queue Time (ms)", s.avgQueueTimeMillis());
    put(out, "P99 Client Lag (ms)", s.p99ClientLagMillis());
    put(out, "Avg Latency from Schedule (s)", s.avgLatencyFromScheduleSeconds());
    put(out, "Avg Input Tokens", s.avgInputTokens());
    put(out, "Avg Output Tokens", s.avgOutputTokens());
    put(out, "Output Throughput (tok/s)", s.outputThroughput());
    put(out, "Total Throughput (tok/s)", s.totalThroughput());
    put(out, "Input Throughput (tok/s)", s.inputThroughput());
    put(out, "Input Throughput per Request (tok/s)", s.inputThroughputPerRequest());
    return out;
  }

  /**
   * Returns the percentile table: metric label (such as {@code TTFT (ms)}) to percentile label
   * (such as {@code 99%}) to value, in {@link Metric} order. Metrics without samples are absent.
   */
  static Map<String, Map<String, Double>> percentiles(RunReport report) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (Distribution d : report.distributions().values()) {
      Map<String, Double> column = new LinkedHashMap<>();
      for (Percentile p : d.percentiles()) {
        column.put(p.label(), p.value());
      }
      if (!column.isEmpty()) {
        out.put(d.metric().label(), column);
      }
    }
    return out;
  }

  /** Returns the percentile labels in table order, taken from the first metric that has them. */
  static List<String> percentileLabels(Map<String, Map<String, Double>> table) {
    return table.isEmpty() ? List.of() : new ArrayList<>(table.values().iterator().next().keySet());
  }

  /**
   * Returns the configuration sent as the tracker run's config: the benchmark's masked
   * configuration, overlaid with the run's own configuration and its name. Any value under a key
   * that names a credential is masked again.
   */
  static Map<String, @Nullable Object> config(Map<String, @Nullable Object> benchmark,
      RunInfo run) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>(benchmark);
    out.putAll(run.config());
    out.put("run_name", run.name());
    for (Map.Entry<String, @Nullable Object> e : out.entrySet()) {
      if (e.getValue() != null && SECRET_KEY.matcher(e.getKey()).matches()) {
        e.setValue(Secret.MASK);
      }
    }
    return out;
  }

  /** Returns {@code value} as a short display string for tables. */
  static String display(@Nullable Object value) {
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.4f", d);
    }
    return String.valueOf(value);
  }

  private static void put(Map<String, Double> out, String key, OptionalDouble value) {
    if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
      out.put(key, value.getAsDouble());
    }
  }
}
