package dev.tokenstorm.core.internal.sla;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.sla.SlaPoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Writes the tuning's files in its output folder: {@code sla_summary.json} and
 * {@code performance_summary.txt}.
 *
 * <p>{@code sla_summary.json} has evalscope's shape: one entry per measured value, keyed
 * {@code <variable>_<value>}, holding {@code metrics} (the averaged summary, with evalscope's keys
 * in evalscope's order and {@code null} where a value is not available) and {@code percentiles}
 * (the label column {@code Percentiles} and one column of averaged values per metric).
 */
final class SlaFiles {

  /** File name of the averaged results of every measured value. */
  static final String SUMMARY_FILE = "sla_summary.json";

  /** File name of the text report. */
  static final String PERFORMANCE_SUMMARY_FILE = "performance_summary.txt";

  /** Folder, under the output root, of the runs' own folders. */
  static final String RUNS_FOLDER = "sla_tuning";

  // NOTE: the summary keys and percentile columns repeat those of the engine's per-run
  // benchmark_summary.json and benchmark_percentile.json writer, which is package-private.
  private static final List<Metric> GENERATION_COLUMNS = List.of(
      Metric.LATENCY, Metric.TTFT, Metric.ITL, Metric.TPOT, Metric.INPUT_TOKENS,
      Metric.OUTPUT_TOKENS, Metric.OUTPUT_THROUGHPUT, Metric.TOTAL_THROUGHPUT,
      Metric.DECODE_THROUGHPUT, Metric.TTFC, Metric.QUEUE_TIME, Metric.LATENCY_FROM_SCHEDULE);

  private static final List<Metric> INPUT_COLUMNS = List.of(
      Metric.LATENCY, Metric.INPUT_TOKENS, Metric.INPUT_THROUGHPUT, Metric.QUEUE_TIME,
      Metric.LATENCY_FROM_SCHEDULE);

  private static final List<String> LABELS = List.of(
      "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
      "99.9%", "max");

  private static final double[] RANKS = {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};

  private SlaFiles() {}

  /** Writes {@code sla_summary.json} into {@code root}, replacing it atomically. */
  static void writeSummary(Path root, List<SlaPoint> points) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    for (SlaPoint point : points) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("metrics", metrics(point));
      entry.put("percentiles", percentiles(point.averaged()));
      document.put(point.key(), entry);
    }
    writeText(root.resolve(SUMMARY_FILE), json(document));
  }

  /** Writes {@code text} as {@code performance_summary.txt} into {@code root}. */
  static void writePerformanceSummary(Path root, String text) throws IOException {
    writeText(root.resolve(PERFORMANCE_SUMMARY_FILE), text);
  }

  /** Returns the averaged summary of {@code point} with evalscope's keys, then Tokenstorm's. */
  static Map<String, @Nullable Object> metrics(SlaPoint point) {
    RunReport report = point.averaged();
    RunSummary s = report.summary();
    Map<String, @Nullable Object> doc = new LinkedHashMap<>();
    doc.put("Test Duration (s)",
        report.totalRequests() > 0 ? number(report.duration().toNanos() / 1e9) : null);
    doc.put("Concurrency", report.run().parallel().isPresent()
        ? report.run().parallel().getAsInt() : -1);
    doc.put("Request Rate (req/s)", number(report.run().rate().orElse(-1)));
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
    OptionalDouble failureRate = point.failureRate();
    doc.put("Success Rate (%)",
        failureRate.isPresent() ? number(100 * (1 - failureRate.getAsDouble())) : null);
    doc.put("Runs", point.runs().size());
    doc.put("Requests per Run", point.requestsPerRun());
    doc.put("Warnings", report.warnings());
    doc.put("Cancelled", report.cancelled());
    return doc;
  }

  /** Returns the averaged percentiles of {@code report} in evalscope's column layout. */
  static Map<String, @Nullable Object> percentiles(RunReport report) {
    List<Metric> columns = report.run().apiKind() == ApiKind.GENERATION
        ? GENERATION_COLUMNS : INPUT_COLUMNS;
    Map<String, @Nullable Object> doc = new LinkedHashMap<>();
    doc.put("Percentiles", LABELS);
    for (Metric metric : columns) {
      Optional<Distribution> distribution = report.distribution(metric);
      List<@Nullable BigDecimal> values = new ArrayList<>();
      for (double rank : RANKS) {
        values.add(distribution.isPresent() ? number(distribution.get().at(rank)) : null);
      }
      doc.put(metric.label(), values);
    }
    return doc;
  }

  /** Returns {@code document} as JSON laid out like Python's {@code json.dump(indent=4)}. */
  static String json(Object document) {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    ObjectMapper mapper = new ObjectMapper();
    mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    ObjectWriter writer = mapper.writer(printer);
    try {
      return writer.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      // The documents hold only maps, lists, strings, numbers, booleans and nulls.
      throw new IllegalStateException("Failed to serialize " + SUMMARY_FILE + ": " + e.getMessage(),
          e);
    }
  }

  private static void writeText(Path target, String text) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static @Nullable BigDecimal number(double value) {
    return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
  }

  private static @Nullable BigDecimal number(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : null;
  }
}
