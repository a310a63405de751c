package dev.tokenstorm.api.result;

import dev.tokenstorm.api.plugin.ApiKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Plain-text rendering of reports, at most {@value #MAX_WIDTH} characters per line.
 *
 * <p>Number formats: seconds with 3 decimals, milliseconds, rates and throughputs with 2, token
 * averages with 1, token percentiles (whole numbers) with none. A value that is not available is
 * shown as {@code -} in sweep tables and its row is left out of the summary table.
 */
final class ReportTables {

  /** Maximum line width of every rendered table. */
  static final int MAX_WIDTH = 120;

  private ReportTables() {}

  /** Renders warnings, then the "Benchmarking summary" and "Percentile results" tables. */
  static String render(RunReport report) {
    StringBuilder out = new StringBuilder();
    appendWarnings(out, report.warnings());
    appendTitle(out, "Benchmarking summary (" + report.run().name() + ")");
    out.append(summaryTable(report).render());
    out.append('\n');
    appendPercentiles(out, report);
    return out.toString();
  }

  /** Renders the basic information and one row per run of the sweep. */
  static String renderSweep(PerfResult result) {
    StringBuilder out = new StringBuilder();
    if (result.runs().isEmpty()) {
      out.append("Performance overview: no runs completed.\n");
      return out.toString();
    }
    appendTitle(out, "Basic information");
    out.append(basicInformation(result).render());
    out.append('\n');
    appendTitle(out, "Performance overview");
    boolean inputOnly =
        result.runs().stream().allMatch(r -> r.run().apiKind() != ApiKind.GENERATION);
    out.append((inputOnly ? inputSweepTable(result) : generationSweepTable(result)).render());
    if (inputOnly) {
      appendWrapped(out, "Inp. tok/s: input tokens per second of wall time. Inp.TPS: input tokens "
          + "divided by the latency of each request.", "", "");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- single run

  private static void appendWarnings(StringBuilder out, List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    out.append("Warnings:\n");
    for (String warning : warnings) {
      appendWrapped(out, warning, "  - ", "    ");
    }
    out.append('\n');
  }

  private static TextTable summaryTable(RunReport report) {
    TextTable table = new TextTable(
        List.of(TextTable.Column.left("Metric", 40), TextTable.Column.left("Value", 70)));
    addGroup(table, "General", generalRows(report));
    addGroup(table, "Latency", latencyRows(report.summary()));
    addGroup(table, "Tokens", tokenRows(report));
    return table;
  }

  private static List<String[]> generalRows(RunReport report) {
    RunInfo run = report.run();
    RunSummary summary = report.summary();
    List<String[]> rows = new ArrayList<>();
    if (report.totalRequests() > 0) {
      rows.add(row("Test Duration (s)", format(report.duration().toNanos() / 1e9, 2)));
    }
    rows.add(row("Concurrency", concurrency(run)));
    rows.add(row("Request Rate (req/s)",
        run.rate().isPresent() ? format(run.rate().getAsDouble(), 2) : "unpaced"));
    if (run.rate().isPresent()) {
      addIfPresent(rows, "Achieved Rate (req/s)", summary.achievedRate(), 2);
    }
    rows.add(row("Total / Success / Failed", report.totalRequests() + " / "
        + report.successRequests() + " / " + report.failedRequests()));
    if (report.totalRequests() > 0) {
      rows.add(row("Success Rate (%)", format(report.successRatePercent(), 1)));
    }
    if (report.streamRequests() > 0 && report.nonStreamRequests() > 0) {
      rows.add(row("Stream / Non-Stream",
          report.streamRequests() + " / " + report.nonStreamRequests()));
    }
    addIfPresent(rows, "Req Throughput (req/s)", summary.requestThroughput(), 2);
    if (!report.failuresByKind().isEmpty()) {
      rows.add(row("Failures by Kind", counts(report.failuresByKind(), ErrorKind.values())));
    }
    if (report.cancelled()) {
      rows.add(row("Cancelled", "yes"));
    }
    return rows;
  }

  private static List<String[]> latencyRows(RunSummary summary) {
    List<String[]> rows = new ArrayList<>();
    addIfPresent(rows, "Avg Latency (s)", summary.avgLatencySeconds(), 3);
    addIfPresent(rows, "Avg TTFT (ms)", summary.avgTtftMillis(), 2);
    addIfPresent(rows, "Avg TTFC (ms)", summary.avgTtfcMillis(), 2);
    addIfPresent(rows, "Avg TPOT (ms)", summary.avgTpotMillis(), 2);
    addIfPresent(rows, "Avg ITL (ms)", summary.avgItlMillis(), 2);
    addIfPresent(rows, "Avg Queue Time (ms)", summary.avgQueueTimeMillis(), 2);
    addIfPresent(rows, "P99 Client Lag (ms)", summary.p99ClientLagMillis(), 2);
    addIfPresent(rows, "Avg Latency from Schedule (s)", summary.avgLatencyFromScheduleSeconds(), 3);
    return rows;
  }

  private static List<String[]> tokenRows(RunReport report) {
    RunSummary summary = report.summary();
    List<String[]> rows = new ArrayList<>();
    addIfPresent(rows, "Avg Input Tokens", summary.avgInputTokens(), 1);
    addIfPresent(rows, "Avg Output Tokens", summary.avgOutputTokens(), 1);
    addIfPresent(rows, "Output Throughput (tok/s)", summary.outputThroughput(), 2);
    addIfPresent(rows, "Total Throughput (tok/s)", summary.totalThroughput(), 2);
    addIfPresent(rows, "Input Throughput (tok/s)", summary.inputThroughput(), 2);
    addIfPresent(rows, "Input Throughput per Request (tok/s)",
        summary.inputThroughputPerRequest(), 2);
    // Token sources describe output tokens, which embedding and rerank runs do not have.
    if (!report.tokenSources().isEmpty() && report.run().apiKind() == ApiKind.GENERATION) {
      rows.add(row("Token Sources", counts(report.tokenSources(), TokenSource.values())));
    }
    return rows;
  }

  private static void addGroup(TextTable table, String name, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    table.addRow("-- " + name + " --", "");
    for (String[] row : rows) {
      table.addRow(row);
    }
  }

  /**
   * Appends one table per group of percentile columns: rows are the metrics with samples, columns
   * the percentile labels, split into as many tables as needed to stay within the line width.
   */
  private static void appendPercentiles(StringBuilder out, RunReport report) {
    appendTitle(out, "Percentile results");
    List<Distribution> distributions = new ArrayList<>(report.distributions().values());
    if (distributions.isEmpty()) {
      out.append("No metric has samples.\n");
      return;
    }
    // Reports built by the accumulator share one set of points; a report built elsewhere may not,
    // so columns are the union of points in rank order, and a missing point shows as "-".
    Map<Double, String> labelsByRank = new TreeMap<>();
    distributions.forEach(d -> d.percentiles().forEach(
        p -> labelsByRank.putIfAbsent(p.rank(), p.label())));
    List<String> labels = List.copyOf(labelsByRank.values());
    List<List<String>> cells = new ArrayList<>();
    for (Distribution distribution : distributions) {
      int decimals = percentileDecimals(distribution.metric());
      Map<String, String> byLabel = new HashMap<>();
      distribution.percentiles().forEach(p -> byLabel.put(p.label(), format(p.value(), decimals)));
      cells.add(labels.stream().map(label -> byLabel.getOrDefault(label, "-")).toList());
    }
    if (labels.isEmpty()) {
      out.append("No metric has percentile points.\n");
      return;
    }
    int from = 0;
    while (from < labels.size()) {
      int to = from + 1;
      while (to < labels.size()
          && percentileTable(distributions, labels, cells, from, to + 1).width() <= MAX_WIDTH) {
        to++;
      }
      if (from > 0) {
        out.append('\n');
      }
      out.append(percentileTable(distributions, labels, cells, from, to).render());
      from = to;
    }
  }

  private static TextTable percentileTable(List<Distribution> distributions, List<String> labels,
      List<List<String>> cells, int from, int to) {
    List<TextTable.Column> columns = new ArrayList<>();
    columns.add(TextTable.Column.left("Metric", 30));
    for (int i = from; i < to; i++) {
      columns.add(TextTable.Column.right(labels.get(i), 20));
    }
    TextTable table = new TextTable(columns);
    for (int d = 0; d < distributions.size(); d++) {
      String[] row = new String[to - from + 1];
      row[0] = distributions.get(d).metric().label();
      for (int i = from; i < to; i++) {
        row[i - from + 1] = cells.get(d).get(i);
      }
      table.addRow(row);
    }
    return table;
  }

  private static int percentileDecimals(Metric metric) {
    return switch (metric.unit()) {
      case "s" -> 3;
      case "tokens" -> 0;
      default -> 2;
    };
  }

  // ---------------------------------------------------------------- sweep

  private static TextTable basicInformation(PerfResult result) {
    RunInfo first = result.runs().get(0).run();
    boolean generation = first.apiKind() == ApiKind.GENERATION;
    double tokens = 0;
    double seconds = 0;
    for (RunReport report : result.runs()) {
      Metric metric = generation ? Metric.OUTPUT_TOKENS : Metric.INPUT_TOKENS;
      tokens += report.distribution(metric)
          .map(d -> d.count() * d.mean().orElse(0)).orElse(0.0);
      seconds += report.duration().toNanos() / 1e9;
    }
    TextTable table = new TextTable(
        List.of(TextTable.Column.left("Item", 30), TextTable.Column.left("Value", 80)));
    table.addRow("Model", first.model().isEmpty() ? "-" : first.model());
    table.addRow("API", first.api() + " (" + first.apiKind().name().toLowerCase(Locale.ROOT) + ")");
    table.addRow("URL", first.url());
    table.addRow("Dataset", first.dataset());
    table.addRow("Runs", Integer.toString(result.runs().size()));
    table.addRow(generation ? "Total Generated Tokens" : "Total Input Tokens", format(tokens, 0));
    table.addRow("Total Test Time (s)", format(seconds, 2));
    if (seconds > 0) {
      table.addRow(generation ? "Avg Output Rate (tok/s)" : "Avg Input Rate (tok/s)",
          format(tokens / seconds, 2));
    }
    result.outputDirectory().ifPresent(path -> table.addRow("Output Path", path.toString()));
    if (result.cancelled()) {
      table.addRow("Cancelled", "yes");
    }
    return table;
  }

  private static TextTable generationSweepTable(PerfResult result) {
    TextTable table = new TextTable(sweepColumns(
        "Avg TTFT\n(ms)", "P99 TTFT\n(ms)", "Avg TPOT\n(ms)", "Gen.\ntok/s"));
    for (RunReport report : result.runs()) {
      RunSummary summary = report.summary();
      table.addRow(
          concurrencyCell(report.run()), rateCell(report.run()),
          Long.toString(report.totalRequests()),
          cell(summary.requestThroughput(), 2),
          cell(summary.avgLatencySeconds(), 3), cell(p99(report, Metric.LATENCY), 3),
          cell(summary.avgTtftMillis(), 2), cell(p99(report, Metric.TTFT), 2),
          cell(summary.avgTpotMillis(), 2),
          cell(summary.outputThroughput(), 2),
          format(report.successRatePercent(), 1));
    }
    return table;
  }

  private static TextTable inputSweepTable(PerfResult result) {
    TextTable table = new TextTable(sweepColumns(
        "Inp.\ntok/s", "Avg Inp.TPS\n(per req.)", "P99 Inp.TPS\n(per req.)", "Avg Inp.\nTok"));
    for (RunReport report : result.runs()) {
      RunSummary summary = report.summary();
      table.addRow(
          concurrencyCell(report.run()), rateCell(report.run()),
          Long.toString(report.totalRequests()),
          cell(summary.requestThroughput(), 2),
          cell(summary.avgLatencySeconds(), 3), cell(p99(report, Metric.LATENCY), 3),
          cell(summary.inputThroughput(), 2),
          cell(summary.inputThroughputPerRequest(), 2),
          cell(p99(report, Metric.INPUT_THROUGHPUT), 2),
          cell(summary.avgInputTokens(), 1),
          format(report.successRatePercent(), 1));
    }
    return table;
  }

  /** Returns the sweep columns: run identity, requests, latency, four kind-specific, success. */
  private static List<TextTable.Column> sweepColumns(String... kindSpecific) {
    List<TextTable.Column> columns = new ArrayList<>(List.of(
        TextTable.Column.right("Conc.", 10),
        TextTable.Column.right("Rate", 10),
        TextTable.Column.right("Num", 10),
        TextTable.Column.right("RPS", 12),
        TextTable.Column.right("Avg Lat.\n(s)", 12),
        TextTable.Column.right("P99 Lat.\n(s)", 12)));
    for (String header : kindSpecific) {
      columns.add(TextTable.Column.right(header, 12));
    }
    columns.add(TextTable.Column.right("Success\n(%)", 8));
    return columns;
  }

  private static OptionalDouble p99(RunReport report, Metric metric) {
    return report.distribution(metric).map(d -> d.at(99)).orElse(OptionalDouble.empty());
  }

  private static String concurrencyCell(RunInfo run) {
    return run.parallel().isPresent() ? Integer.toString(run.parallel().getAsInt()) : "-";
  }

  private static String rateCell(RunInfo run) {
    return run.rate().isPresent() ? compact(run.rate().getAsDouble()) : "-";
  }

  // ---------------------------------------------------------------- formatting

  private static String concurrency(RunInfo run) {
    if (run.parallel().isEmpty()) {
      return "uncapped (open loop)";
    }
    String parallel = Integer.toString(run.parallel().getAsInt());
    return run.openLoop() ? parallel + " (open-loop cap)" : parallel;
  }

  private static <K extends Enum<K>> String counts(Map<K, Long> counts, K[] order) {
    List<String> parts = new ArrayList<>();
    for (K key : order) {
      Long n = counts.get(key);
      if (n != null) {
        parts.add(key.name() + ": " + n);
      }
    }
    return String.join(", ", parts);
  }

  private static String[] row(String label, String value) {
    return new String[] {label, value};
  }

  private static void addIfPresent(
      List<String[]> rows, String label, OptionalDouble value, int decimals) {
    if (value.isPresent()) {
      rows.add(row(label, format(value.getAsDouble(), decimals)));
    }
  }

  private static String cell(OptionalDouble value, int decimals) {
    return value.isPresent() ? format(value.getAsDouble(), decimals) : "-";
  }

  static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Formats a configured number without trailing zeros: 5 stays {@code 5}, 2.5 {@code 2.5}. */
  private static String compact(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return format(value, 2).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static void appendTitle(StringBuilder out, String title) {
    appendWrapped(out, title, "", "");
  }

  private static void appendWrapped(
      StringBuilder out, String text, String firstPrefix, String restPrefix) {
    List<String> lines = TextTable.wrap(text, MAX_WIDTH - firstPrefix.length());
    for (int i = 0; i < lines.size(); i++) {
      out.append(i == 0 ? firstPrefix : restPrefix).append(lines.get(i)).append('\n');
    }
  }
}
