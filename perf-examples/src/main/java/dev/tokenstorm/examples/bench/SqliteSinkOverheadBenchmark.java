package dev.tokenstorm.examples.bench;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.sqlite.SqliteResultSink;
import dev.tokenstorm.sqlite.StoredRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Measures how much storing every request in SQLite changes the request timings of a run with
 * many concurrent streams: the same load runs alternately without any sink and with {@link
 * SqliteResultSink}, and the mean latency, mean TTFT and p99 ITL of the runs are compared.
 *
 * <p>Usage: {@code SqliteSinkOverheadBenchmark [streams] [requests] [pairs] [interTokenMs]},
 * defaults 1000, 5000, 3 and 200. The simulated server streams 20 tokens per request, 100 ms to
 * the first and {@code interTokenMs} between tokens, so with the default a request takes about
 * 3.9 s on the server's side and 1000 streams receive about 5,000 events per second, a load two
 * cores can carry with server, client and sink in one JVM. The differences between two runs
 * without the sink show the noise the comparison has to beat.
 */
public final class SqliteSinkOverheadBenchmark {

  private static final int TOKENS = 20;

  private SqliteSinkOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int interTokenMillis = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Path folder = Files.createTempDirectory("sqlite-overhead");
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(100))
        .interTokenDelay(Duration.ofMillis(interTokenMillis))
        .outputTokens(TOKENS)
        .maxRecordedRequests(0)
        .start()) {
      run(server, streams, Math.min(requests, 2_000), null);
      System.out.println("run      sink    requests  mean latency (ms)  mean TTFT (ms)"
          + "  p99 ITL (ms)  rows stored");
      for (int pair = 0; pair < pairs; pair++) {
        print("A" + pair, run(server, streams, requests, null), null);
        Path database = folder.resolve("run_" + pair + ".db");
        print("B" + pair, run(server, streams, requests, database), database);
      }
    }
    System.out.println("databases in " + folder);
  }

  private static RunReport run(SimulatedLlmServer server, int streams, int requests,
      @Nullable Path database) {
    PerfRun.Builder builder = PerfRun.builder()
        .url(server.chatCompletionsUrl())
        .model("bench")
        .prompt("overhead")
        .parallel(streams)
        .number(requests)
        .maxTokens(TOKENS)
        .testConnection(false)
        .noOutputFiles()
        .defaultSinks(false);
    if (database != null) {
      builder.sink(SqliteResultSink.builder().file(database).build());
    }
    return builder.build().run().single();
  }

  private static void print(String label, RunReport report, @Nullable Path database)
      throws Exception {
    double latencyMillis = report.summary().avgLatencySeconds().orElse(Double.NaN) * 1000;
    double ttftMillis = report.summary().avgTtftMillis().orElse(Double.NaN);
    double itlP99 = report.distribution(Metric.ITL)
        .map(distribution -> distribution.at(99).orElse(Double.NaN))
        .orElse(Double.NaN);
    String rows = "-";
    if (database != null) {
      try (StoredRun stored = StoredRun.open(database)) {
        rows = Long.toString(stored.recordCount());
      }
    }
    System.out.printf(Locale.ROOT, "%-8s %-7s %8d  %17.2f  %14.2f  %12.2f  %s%n", label,
        database == null ? "none" : "sqlite", report.totalRequests(), latencyMillis, ttftMillis,
        itlP99, rows);
  }
}
