package dev.tokenstorm.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three per-run JSON files: keys, order, nulls, shape, formatting and atomic writes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EvalscopeFilesSinkTest {

  private static final List<String> SUMMARY_KEYS = List.of(
      "Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests",
      "Success Requests", "Failed Requests", "Stream Requests", "Non-Stream Requests",
      "Req Throughput (req/s)", "Avg Latency (s)", "Avg Input Tokens",
      "Output Throughput (tok/s)", "Total Throughput (tok/s)", "Avg TTFT (ms)", "Avg TPOT (ms)",
      "Avg ITL (ms)", "Avg Output Tokens", "Input Throughput (tok/s)",
      // Tokenstorm's extra keys.
      "Avg TTFC (ms)", "Avg Queue Time (ms)", "P99 Client Lag (ms)",
      "Avg Latency from Schedule (s)", "Achieved Rate (req/s)",
      "Input Throughput per Request (tok/s)", "Success Rate (%)", "Token Sources",
      "Failures By Kind", "Warnings", "Cancelled");

  private static final List<String> GENERATION_PERCENTILE_KEYS = List.of(
      "Percentiles", "Latency (s)", "TTFT (ms)", "ITL (ms)", "TPOT (ms)", "Input tokens",
      "Output tokens", "Output (tok/s)", "Total (tok/s)", "Decode (tok/s)", "TTFC (ms)",
      "Queue time (ms)", "Latency from schedule (s)");

  private static final List<String> LABELS = List.of(
      "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
      "99.9%", "max");

  private final ObjectMapper mapper = new ObjectMapper();

  @TempDir Path folder;

  private Map<String, Object> readObject(Path file) throws IOException {
    return mapper.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
  }

  private List<Map<String, Object>> readArray(Path file) throws IOException {
    // Jackson reads JSON objects into LinkedHashMap, which keeps the key order of the file.
    return mapper.readValue(file.toFile(), new TypeReference<List<Map<String, Object>>>() {});
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void summaryHasEvalscopeKeysInOrderThenExtras() throws Exception {
    RunReport report = ReportFixtures.generation(folder);
    new EvalscopeFilesSink().onRunEnd(report);

    Map<String, Object> summary = readObject(folder.resolve("benchmark_summary.json"));

    assertThat(new ArrayList<>(summary.keySet())).containsExactlyElementsOf(SUMMARY_KEYS);
    assertThat(summary.get("Concurrency")).isEqualTo(10);
    assertThat(summary.get("Request Rate (req/s)")).isEqualTo(-1.0);
    assertThat(summary.get("Total Requests")).isEqualTo(20);
    assertThat(summary.get("Success Requests")).isEqualTo(18);
    assertThat(summary.get("Failed Requests")).isEqualTo(2);
    assertThat(summary.get("Stream Requests")).isEqualTo(20);
    assertThat(summary.get("Non-Stream Requests")).isEqualTo(0);
    assertThat((Double) summary.get("Avg TTFT (ms)")).isEqualTo(200.0);
    assertThat((Double) summary.get("Avg TTFC (ms)")).isEqualTo(220.0);
    assertThat((Double) summary.get("Avg Latency (s)")).isCloseTo(0.26, within(1e-12));
    assertThat((Double) summary.get("Test Duration (s)")).isEqualTo(5.0);
    // Unpaced generation run: no queue time, no per-request input throughput.
    assertThat(summary.get("Avg Queue Time (ms)")).isNull();
    assertThat(summary.get("P99 Client Lag (ms)")).isNull();
    assertThat(summary.get("Avg Latency from Schedule (s)")).isNull();
    assertThat(summary.get("Input Throughput per Request (tok/s)")).isNull();
    assertThat(summary.get("Token Sources")).isEqualTo(Map.of("USAGE", 17, "TOKENIZER", 1));
    assertThat(summary.get("Failures By Kind")).isEqualTo(Map.of("HTTP_STATUS", 1, "TIMEOUT", 1));
    assertThat(summary.get("Warnings")).isEqualTo(report.warnings());
    assertThat(summary.get("Cancelled")).isEqualTo(false);
  }

  @Test
  void uncappedOpenLoopConcurrencyIsMinusOne() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.pacedOpenLoop(folder, "Engine warning."));

    Map<String, Object> summary = readObject(folder.resolve("benchmark_summary.json"));

    assertThat(summary.get("Concurrency")).isEqualTo(-1);
    assertThat(summary.get("Request Rate (req/s)")).isEqualTo(5.0);
    assertThat(summary.get("Avg Queue Time (ms)")).isNotNull();
    assertThat(summary.get("Cancelled")).isEqualTo(true);
    assertThat((List<?>) summary.get("Warnings")).last().isEqualTo("Engine warning.");
  }

  @Test
  void unavailableValuesAreNullNotSentinels() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.allFailed(folder));

    String text = Files.readString(folder.resolve("benchmark_summary.json"));
    Map<String, Object> summary = readObject(folder.resolve("benchmark_summary.json"));

    for (String key : List.of("Avg Latency (s)", "Avg Input Tokens", "Output Throughput (tok/s)",
        "Total Throughput (tok/s)", "Avg TTFT (ms)", "Avg TPOT (ms)", "Avg ITL (ms)",
        "Avg Output Tokens", "Input Throughput (tok/s)", "Avg TTFC (ms)")) {
      assertThat(summary).as(key).containsEntry(key, null);
    }
    assertThat(text).contains("\n    \"Avg TTFT (ms)\": null,\n");
    assertThat(text).doesNotContain("-1000").doesNotContain("NaN");
    assertThat(summary.get("Success Requests")).isEqualTo(0);
    assertThat(summary.get("Token Sources")).isEqualTo(Map.of());
  }

  @Test
  void percentileFileHasOneObjectPerPoint() throws Exception {
    RunReport report = ReportFixtures.generation(folder);
    new EvalscopeFilesSink().onRunEnd(report);

    List<Map<String, Object>> rows = readArray(folder.resolve("benchmark_percentile.json"));

    assertThat(rows).hasSize(15);
    assertThat(rows).extracting(row -> row.get("Percentiles")).containsExactlyElementsOf(LABELS);
    for (Map<String, Object> row : rows) {
      assertThat(new ArrayList<>(row.keySet())).containsExactlyElementsOf(
          GENERATION_PERCENTILE_KEYS);
      // No request was scheduled, so the schedule columns are null.
      assertThat(row).containsEntry("Queue time (ms)", null);
      assertThat(row).containsEntry("Latency from schedule (s)", null);
    }
    assertThat(rows.get(0).get("TTFT (ms)")).isEqualTo(200.0);
    assertThat(rows.get(14).get("Latency (s)")).isEqualTo(0.26);
    assertThat(rows.get(0).get("ITL (ms)")).isEqualTo(20.0);
    assertThat(rows.get(14).get("ITL (ms)")).isEqualTo(30.0);
    assertThat(rows.get(12).get("Input tokens")).isEqualTo(1000.0);
  }

  @Test
  void embeddingPercentileFileHasInputColumns() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.embedding(folder));

    List<Map<String, Object>> rows = readArray(folder.resolve("benchmark_percentile.json"));

    assertThat(new ArrayList<>(rows.get(0).keySet())).containsExactly("Percentiles",
        "Latency (s)", "Input tokens", "Input (tok/s)", "Queue time (ms)",
        "Latency from schedule (s)");
    assertThat(rows.get(0).get("Input (tok/s)")).isEqualTo(500.0);
    assertThat(rows.get(14).get("Input (tok/s)")).isEqualTo(750.0);
  }

  @Test
  void allFailedPercentileFileHoldsNulls() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.allFailed(folder));

    List<Map<String, Object>> rows = readArray(folder.resolve("benchmark_percentile.json"));

    assertThat(rows).hasSize(15);
    for (Map<String, Object> row : rows) {
      row.forEach((key, value) -> {
        if (!key.equals("Percentiles")) {
          assertThat(value).as(key).isNull();
        }
      });
    }
  }

  @Test
  void argsFileKeepsNonAscii() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.generation(folder));

    String text = Files.readString(folder.resolve("benchmark_args.json"), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("""
        {
            "model": "qwen-Ü",
            "api_key": "***",
            "parallel": 10
        }
        """);
  }

  @Test
  void jsonLayoutMatchesPythonIndentFour() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("a", 1);
    document.put("b", List.of(1, 2));
    document.put("c", List.of());
    document.put("d", Map.of());
    document.put("e", null);
    document.put("f", EvalscopeDocuments.number(12345678.9));
    document.put("g", EvalscopeDocuments.number(0.00001));

    assertThat(new JsonFiles().toJson(document)).isEqualTo("""
        {
            "a": 1,
            "b": [
                1,
                2
            ],
            "c": [],
            "d": {},
            "e": null,
            "f": 12345678.9,
            "g": 0.000010
        }
        """);
  }

  @Test
  void writesLeaveOnlyTheThreeFiles() throws Exception {
    EvalscopeFilesSink sink = new EvalscopeFilesSink();
    sink.onRunEnd(ReportFixtures.generation(folder));
    // A second report into the same folder replaces the files.
    sink.onRunEnd(ReportFixtures.allFailed(folder));

    assertThat(filesIn(folder)).containsExactly(
        "benchmark_args.json", "benchmark_percentile.json", "benchmark_summary.json");
    assertThat(readObject(folder.resolve("benchmark_summary.json")).get("Success Requests"))
        .isEqualTo(0);
  }

  @Test
  void missingFolderIsCreated() throws Exception {
    Path nested = folder.resolve("outputs").resolve("parallel_10_number_20");

    new EvalscopeFilesSink().onRunEnd(ReportFixtures.generation(nested));

    assertThat(filesIn(nested)).hasSize(3);
  }

  @Test
  void failedWriteLeavesNoTemporaryFile() throws Exception {
    // A non-empty folder with the target's name cannot be replaced by a file.
    Path blocker = Files.createDirectories(folder.resolve("benchmark_args.json"));
    Files.writeString(blocker.resolve("keep.txt"), "x");

    assertThatThrownBy(() -> new EvalscopeFilesSink().onRunEnd(ReportFixtures.generation(folder)))
        .isInstanceOf(IOException.class);

    assertThat(filesIn(folder)).containsExactly("benchmark_args.json");
  }

  @Test
  void runWithoutOutputFolderWritesNothing() throws Exception {
    new EvalscopeFilesSink().onRunEnd(ReportFixtures.generation(null));

    assertThat(filesIn(folder)).isEmpty();
  }
}
