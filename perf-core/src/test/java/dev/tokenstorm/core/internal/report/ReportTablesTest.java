package dev.tokenstorm.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.core.internal.metrics.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text tables of RunReport.toTable() and PerfResult.toTable(). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReportTablesTest {

  private static void assertWithinWidth(String text) {
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).as(line)
        .isLessThanOrEqualTo(120));
  }

  /** Returns the one line containing {@code label} as a table cell. */
  private static String rowOf(String text, String label) {
    List<String> rows = text.lines().filter(line -> line.startsWith("| " + label + " ")).toList();
    assertThat(rows).as("rows for %s", label).hasSize(1);
    return rows.get(0);
  }

  @Test
  void summaryTableListsGroupsAndValues() {
    String text = ReportFixtures.generation(null).toTable();

    assertThat(text).startsWith("Warnings:\n  - 1 of 18 successful requests had no usage");
    assertThat(text.indexOf("Benchmarking summary (parallel_10_number_100)"))
        .isGreaterThan(text.indexOf("Warnings:"));
    assertThat(text.indexOf("-- General --")).isLessThan(text.indexOf("-- Latency --"));
    assertThat(text.indexOf("-- Latency --")).isLessThan(text.indexOf("-- Tokens --"));
    assertThat(rowOf(text, "Test Duration (s)")).contains("| 5.00 ");
    assertThat(rowOf(text, "Concurrency")).contains("| 10 ");
    assertThat(rowOf(text, "Request Rate (req/s)")).contains("| unpaced ");
    assertThat(rowOf(text, "Total / Success / Failed")).contains("| 20 / 18 / 2 ");
    assertThat(rowOf(text, "Success Rate (%)")).contains("| 90.0 ");
    assertThat(rowOf(text, "Req Throughput (req/s)")).contains("| 3.60 ");
    assertThat(rowOf(text, "Failures by Kind")).contains("| HTTP_STATUS: 1, TIMEOUT: 1 ");
    assertThat(rowOf(text, "Avg Latency (s)")).contains("| 0.260 ");
    assertThat(rowOf(text, "Avg TTFT (ms)")).contains("| 200.00 ");
    assertThat(rowOf(text, "Avg TTFC (ms)")).contains("| 220.00 ");
    assertThat(rowOf(text, "Avg TPOT (ms)")).contains("| 25.00 ");
    assertThat(rowOf(text, "Avg ITL (ms)")).contains("| 25.00 ");
    assertThat(rowOf(text, "Avg Input Tokens")).contains("| 1000.0 ");
    assertThat(rowOf(text, "Avg Output Tokens")).contains("| 3.0 ");
    assertThat(rowOf(text, "Token Sources")).contains("| USAGE: 17, TOKENIZER: 1 ");
    // Unpaced and not an embedding run: these rows have no value and are left out.
    assertThat(text).doesNotContain("Avg Queue Time").doesNotContain("P99 Client Lag")
        .doesNotContain("Achieved Rate").doesNotContain("Input Throughput per Request")
        .doesNotContain("Stream / Non-Stream").doesNotContain("Cancelled");
    assertWithinWidth(text);
  }

  @Test
  void percentileTableListsLabelsAndMetrics() {
    String text = ReportFixtures.generation(null).toTable();
    String percentiles = text.substring(text.indexOf("Percentile results"));

    for (String label : List.of("min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%",
        "90%", "95%", "98%", "99%", "99.9%", "max")) {
      assertThat(percentiles).contains(" " + label + " ");
    }
    assertThat(percentiles).contains("| Latency (s) ", "| TTFT (ms) ", "| TTFC (ms) ",
        "| ITL (ms) ", "| TPOT (ms) ", "| Input tokens ", "| Output tokens ", "| Output (tok/s) ",
        "| Total (tok/s) ", "| Decode (tok/s) ");
    assertThat(percentiles).doesNotContain("Queue time").doesNotContain("Input (tok/s)");
    // TTFT is 200 ms for every request, so each of its cells reads 200.00.
    assertThat(percentiles.lines().filter(line -> line.startsWith("| TTFT (ms) ")))
        .allSatisfy(line -> assertThat(line.replace("200.00", "")).doesNotContainPattern("\\d"));
    assertThat(rowOf(percentiles.substring(percentiles.lastIndexOf("| Metric")), "Input tokens"))
        .contains(" 1000 |");
    assertWithinWidth(text);
  }

  @Test
  void widePacedRunStaysWithin120Columns() {
    RunReport report = ReportFixtures.pacedOpenLoop(null, "The engine reports a very long "
        + "warning that must wrap across several lines because it goes on and on about a "
        + "problem with the sink named averyveryveryveryveryveryveryveryveryveryveryveryvery"
        + "veryveryveryveryveryveryveryveryveryveryveryveryveryverylongname.");

    String text = report.toTable();

    assertThat(rowOf(text, "Concurrency")).contains("| uncapped (open loop) ");
    assertThat(rowOf(text, "Request Rate (req/s)")).contains("| 5.00 ");
    assertThat(rowOf(text, "Achieved Rate (req/s)")).contains("| 4.00 ");
    assertThat(text).contains("| Avg Queue Time (ms) ", "| P99 Client Lag (ms) ",
        "| Avg Latency from Schedule (s) ", "| Cancelled ", "| Queue time (ms) ",
        "| Latency from schedule (s) ");
    assertThat(text).contains("  - The p99 client lag was");
    assertWithinWidth(text);
  }

  @Test
  void allFailedRunSaysNoMetricHasSamples() {
    String text = ReportFixtures.allFailed(null).toTable();

    assertThat(text).startsWith("Warnings:\n  - All 3 requests failed (CONNECTION: 3)");
    assertThat(text).contains("No metric has samples.");
    assertThat(text).doesNotContain("Avg Latency").doesNotContain("-- Latency --");
    assertWithinWidth(text);
  }

  @Test
  void sweepTableHasOneRowPerRun() {
    PerfResult result = new PerfResult(List.of(
        ReportFixtures.generation(null), ReportFixtures.pacedOpenLoop(null, "x")),
        Path.of("/tmp/outputs/run"), false);

    String text = result.toTable();

    assertThat(text).contains("Basic information", "Performance overview", "| Model ",
        "| qwen ", "| Output Path ", "/tmp/outputs/run");
    List<String> rows = text.substring(text.indexOf("Performance overview")).lines()
        .filter(line -> line.matches("\\|\\s+(\\d+|-) \\|.*")).toList();
    assertThat(rows).hasSize(2);
    // Closed loop, 10 workers, unpaced: Conc. 10, Rate -, Num 20, RPS 3.60, success 90.0 %.
    assertThat(rows.get(0))
        .matches("\\|\\s+10 \\|\\s+- \\|\\s+20 \\|\\s+3\\.60 \\|.*\\|\\s+90\\.0 \\|");
    assertThat(rows.get(0)).contains(" 0.260 |", " 200.00 |", " 25.00 |");
    // Uncapped open loop at 5 req/s: Conc. -, Rate 5.
    assertThat(rows.get(1)).matches("\\|\\s+- \\|\\s+5 \\|\\s+150 \\|.*\\|\\s+100\\.0 \\|");
    assertThat(text).contains("Avg TTFT", "P99 TTFT", "Avg TPOT", "Gen.", "tok/s", "Success");
    assertWithinWidth(text);
  }

  @Test
  void embeddingSweepShowsInputColumns() {
    PerfResult result = new PerfResult(List.of(ReportFixtures.embedding(null)), null, false);

    String text = result.toTable();

    assertThat(text).contains("Inp.TPS", "Avg Inp.", "Total Input Tokens");
    assertThat(text).doesNotContain("TTFT").doesNotContain("Gen.");
    // 600 input tokens over a 0.5 s window; 600 / (0.2 + 0.4 + 0.3) s per request.
    assertThat(text).contains(" 1200.00 |", " 666.67 |", " 200.0 |");
    assertWithinWidth(text);
  }

  @Test
  void handBuiltReportWithFewPointsRenders() {
    OptionalDouble none = OptionalDouble.empty();
    RunSummary summary = new RunSummary(none, OptionalDouble.of(1.5), none, none, none, none,
        none, none, none, none, none, none, none, none, none, none);
    Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    distributions.put(Metric.LATENCY, new Distribution(Metric.LATENCY, 2, OptionalDouble.of(1.5),
        List.of(new Percentile(0, "min", 1.0), new Percentile(100, "max", 2.0))));
    distributions.put(Metric.TTFT, new Distribution(Metric.TTFT, 2, OptionalDouble.of(15),
        List.of(new Percentile(50, "50%", 15.0))));
    RunReport report = new RunReport(TestRecords.run(ApiKind.GENERATION), false,
        Duration.ofSeconds(3), 2, 2, 0, 2, 0, Map.of(), Map.of(), summary, distributions,
        List.of());

    String text = report.toTable();

    // Columns min, 50% and max in rank order; points a metric lacks show as "-".
    assertThat(rowOf(text, "Latency (s)"))
        .matches("\\| Latency \\(s\\) \\|\\s+1\\.000 \\|\\s+- \\|\\s+2\\.000 \\|");
    assertThat(rowOf(text, "TTFT (ms)"))
        .matches("\\| TTFT \\(ms\\)\\s+\\|\\s+- \\|\\s+15\\.00 \\|\\s+- \\|");
    assertWithinWidth(text);
  }

  @Test
  void emptySweepSaysSo() {
    assertThat(new PerfResult(List.of(), null, true).toTable())
        .isEqualTo("Performance overview: no runs completed.\n");
  }
}
