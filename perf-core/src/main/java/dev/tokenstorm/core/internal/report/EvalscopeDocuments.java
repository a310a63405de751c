package dev.tokenstorm.core.internal.report;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.result.TokenSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds the JSON documents of evalscope's per-run files as ordered maps and lists.
 *
 * <p>Keys and their order follow evalscope; Tokenstorm's extra keys come after them. A value that
 * is not available is {@code null}, where evalscope writes -1, -1000 or 0.0. Numbers keep full
 * precision (evalscope rounds to 2 or 4 decimals).
 */
final class EvalscopeDocuments {

  /** Percentile columns of generation runs: evalscope's, then Tokenstorm's. */
  static final List<Metric> GENERATION_PERCENTILE_COLUMNS = List.of(
      Metric.LATENCY, Metric.TTFT, Metric.ITL, Metric.TPOT, Metric.INPUT_TOKENS,
      Metric.OUTPUT_TOKENS, Metric.OUTPUT_THROUGHPUT, Metric.TOTAL_THROUGHPUT,
      Metric.DECODE_THROUGHPUT, Metric.TTFC, Metric.QUEUE_TIME, Metric.LATENCY_FROM_SCHEDULE);

  /** Percentile columns of embedding and rerank runs: evalscope's, then Tokenstorm's. */
  static final List<Metric> INPUT_PERCENTILE_COLUMNS = List.of(
      Metric.LATENCY, Metric.INPUT_TOKENS, Metric.INPUT_THROUGHPUT, Metric.QUEUE_TIME,
      Metric.LATENCY_FROM_SCHEDULE);

  /** Percentile labels in file order, matching {@link #PERCENTILE_RANKS}. */
  static final List<String> PERCENTILE_LABELS = List.of(
      "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
      "99.9%", "max");

  private static final double[] PERCENTILE_RANKS =
      {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};

  private EvalscopeDocuments() {}

  /** Returns the {@code benchmark_summary.json} document. */
  static Map<String, @Nullable Object> summary(RunReport report) {
    RunInfo run = report.run();
    RunSummary s = report.summary();
    Map<String, @Nullable Object> doc = new LinkedHashMap<>();
    doc.put("Test Duration (s)",
        report.totalRequests() > 0 ? number(report.duration().toNanos() / 1e9) : null);
    doc.put("Concurrency", run.parallel().isPresent() ? run.parallel().getAsInt() : -1);
    doc.put("Request Rate (req/s)", number(run.rate().orElse(-1)));
    doc.put("Total Requests", report.totalRequests());
    doc.put("Success Requests", report.successRequests());
    doc.put("Failed Requests", report.failedRequests());
    doc.put("Stream Requests", report.streamRequests());
    doc.put("Non-Stream Requests", report.nonStreamRequests());
    doc.put("Req Throughput (req/s)", number(s.requestThroughput()));
    doc.put("Avg Latency (s)", number(s.avgLatencySeconds()));
    doc.put("Avg Input Tokens", number(s.avgInputTokens()));
    doc.put("Output Throughput (tok/s)", number(s.outputThroughput()));
    doc.put("Total Throughput (tok/s)", number(s.totalThroughput()));
    doc.put("Avg TTFT (ms)", number(s.avgTtftMillis()));
    doc.put("Avg TPOT (ms)", number(s.avgTpotMillis()));
    doc.put("Avg ITL (ms)", number(s.avgItlMillis()));
    doc.put("Avg Output Tokens", number(s.avgOutputTokens()));
    doc.put("Input Throughput (tok/s)", number(s.inputThroughput()));

    doc.put("Avg TTFC (ms)", number(s.avgTtfcMillis()));
    doc.put("Avg Queue Time (ms)", number(s.avgQueueTimeMillis()));
    doc.put("P99 Client Lag (ms)", number(s.p99ClientLagMillis()));
    doc.put("Avg Latency from Schedule (s)", number(s.avgLatencyFromScheduleSeconds()));
    doc.put("Achieved Rate (req/s)", number(s.achievedRate()));
    doc.put("Input Throughput per Request (tok/s)", number(s.inputThroughputPerRequest()));
    doc.put("Success Rate (%)",
        report.totalRequests() > 0 ? number(report.successRatePercent()) : null);
    doc.put("Token Sources", counts(report.tokenSources(), TokenSource.values()));
    doc.put("Failures By Kind", counts(report.failuresByKind(), ErrorKind.values()));
    doc.put("Warnings", report.warnings());
    doc.put("Cancelled", report.cancelled());
    return doc;
  }

  /**
   * Returns the {@code benchmark_percentile.json} document: one object per percentile point, with
   * {@code "Percentiles"} holding the label and one key per metric column of the run's kind.
   */
  static List<Map<String, @Nullable Object>> percentiles(RunReport report) {
    List<Metric> columns = report.run().apiKind() == ApiKind.GENERATION
        ? GENERATION_PERCENTILE_COLUMNS
        : INPUT_PERCENTILE_COLUMNS;
    List<Map<String, @Nullable Object>> rows = new ArrayList<>();
    for (int i = 0; i < PERCENTILE_LABELS.size(); i++) {
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("Percentiles", PERCENTILE_LABELS.get(i));
      for (Metric metric : columns) {
        Optional<Distribution> distribution = report.distribution(metric);
        row.put(metric.label(),
            distribution.isPresent() ? number(distribution.get().at(PERCENTILE_RANKS[i])) : null);
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Returns {@code config} converted to JSON values: maps, lists, strings, numbers, booleans and
   * nulls are kept; arrays and collections become lists, optionals their value or null, and any
   * other object (paths, durations, enums) its {@code toString()}.
   */
  static @Nullable Object jsonValue(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case String text -> text;
      case Boolean flag -> flag;
      case Double d -> number(d);
      case Float f -> number(f.doubleValue());
      case Number n -> n;
      case Map<?, ?> map -> jsonObject(map);
      case Collection<?> collection -> collection.stream().map(EvalscopeDocuments::jsonValue)
          .toList();
      case Object[] array -> jsonValue(Arrays.asList(array));
      case int[] array -> Arrays.stream(array).boxed().toList();
      case long[] array -> Arrays.stream(array).boxed().toList();
      case double[] array -> Arrays.stream(array)
          .mapToObj(EvalscopeDocuments::number).toList();
      case Optional<?> optional -> jsonValue(optional.orElse(null));
      case OptionalInt optional -> optional.isPresent() ? optional.getAsInt() : null;
      case OptionalLong optional -> optional.isPresent() ? optional.getAsLong() : null;
      case OptionalDouble optional -> number(optional);
      case Enum<?> constant -> constant.name();
      default -> value.toString();
    };
  }

  private static Map<String, @Nullable Object> jsonObject(Map<?, ?> map) {
    Map<String, @Nullable Object> object = new LinkedHashMap<>();
    map.forEach((key, value) -> object.put(String.valueOf(key), jsonValue(value)));
    return object;
  }

  private static <K extends Enum<K>> Map<String, Long> counts(Map<K, Long> counts, K[] order) {
    Map<String, Long> object = new LinkedHashMap<>();
    for (K key : order) {
      Long n = counts.get(key);
      if (n != null) {
        object.put(key.name(), n);
      }
    }
    return object;
  }

  /**
   * Returns {@code value} as a plain decimal number, so that large and small values are written
   * without an exponent, or null when it is not finite (JSON has no NaN or infinity).
   */
  static @Nullable BigDecimal number(double value) {
    return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
  }

  private static @Nullable BigDecimal number(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : null;
  }
}
