package dev.tokenstorm.examples.bench;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures how punctually the open loop sends requests at a high arrival rate, against a simulated
 * server that responds at once with one token. Dispatch lag is the time from a request's scheduled
 * instant to its hand-off to the HTTP client; reports show it as queue time and client lag.
 *
 * <p>Usage: {@code OpenLoopDispatchBenchmark [rate] [seconds] [warmupSeconds]}, defaults
 * 2000 req/s, 10 s and 2 s. First a closed-loop run of the same number of requests compiles the
 * request path, because a cold JVM at this rate falls behind and the open loop then piles up
 * thousands of connections. The measured run then starts with a warmup phase on the same schedule,
 * which is left out of the numbers as in any run. The lag of every measured request is kept and
 * sorted, so the percentiles are exact. Server and client share the JVM and its cores, so a busy
 * machine shows up as lag; the program prints the load average before and after.
 */
public final class OpenLoopDispatchBenchmark {

  private OpenLoopDispatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    double rate = args.length > 0 ? Double.parseDouble(args[0]) : 2000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    double warmupSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
    int number = (int) Math.round(rate * seconds);
    int warmup = (int) Math.round(rate * warmupSeconds);
    String loadBefore = loadAverage();
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ZERO)
        .interTokenDelay(Duration.ZERO)
        .outputTokens(1)
        .maxRecordedRequests(0)
        .start()) {
      compileRequestPath(server, number);
      server.reset();
      long connectionsBefore = server.connectionsAccepted();
      LagSink lags = new LagSink(number);
      PerfResult result = PerfRun.builder()
          .url(server.chatCompletionsUrl())
          .model("bench")
          .prompt("hi")
          .openLoop(true)
          .rate(rate)
          .number(number)
          .warmup(warmup)
          .seed(1)
          .stream(false)
          .maxTokens(1)
          .testConnection(false)
          .totalTimeout(Duration.ofSeconds(30))
          .noOutputFiles()
          .defaultSinks(false)
          .sink(lags)
          .build()
          .run();
      RunReport report = result.single();
      long[] lag = lags.sorted();
      System.out.printf(Locale.ROOT, "open loop           %.0f req/s for %.1f s (%,d requests after"
          + " %,d warmup)%n", rate, seconds, number, warmup);
      System.out.printf(Locale.ROOT, "completed           %,d, %,d failed%n",
          report.totalRequests(), report.failedRequests());
      System.out.printf(Locale.ROOT, "achieved send rate  %.1f req/s%n",
          report.summary().achievedRate().orElse(Double.NaN));
      System.out.printf(Locale.ROOT, "server arrivals     %,d on %,d connections, at most %,d at"
          + " once%n", server.totalRequests(), server.connectionsAccepted() - connectionsBefore,
          server.maxConcurrentRequests());
      System.out.printf(Locale.ROOT, "dispatch lag (ms)   p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f"
          + "  max %.3f%n", millis(lag, 50), millis(lag, 90), millis(lag, 99), millis(lag, 99.9),
          millis(lag, 100));
      System.out.printf(Locale.ROOT, "report p99 lag      %.3f ms (histogram)%n",
          report.summary().p99ClientLagMillis().orElse(Double.NaN));
      System.out.printf(Locale.ROOT, "late over 2 ms      %.2f %% of requests%n",
          100.0 * lateOver(lag, 2_000_000) / Math.max(1, lag.length));
      System.out.printf(Locale.ROOT, "p99 latency (ms)    %.3f from send, %.3f from schedule%n",
          p99(report, Metric.LATENCY) * 1000, p99(report, Metric.LATENCY_FROM_SCHEDULE) * 1000);
      System.out.printf(Locale.ROOT, "warnings            %s%n", report.warnings());
      System.out.printf(Locale.ROOT, "machine             %d cores, %s, %s %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
          System.getProperty("java.vm.name"), System.getProperty("java.version"));
      System.out.printf(Locale.ROOT, "JVM arguments       %s%n",
          ManagementFactory.getRuntimeMXBean().getInputArguments());
      System.out.printf(Locale.ROOT, "load average        before %s, after %s%n", loadBefore,
          loadAverage());
    }
  }

  /** Sends {@code count} requests as fast as 16 workers can, so the JIT compiles the path. */
  private static void compileRequestPath(SimulatedLlmServer server, int count) {
    PerfRun.builder()
        .url(server.chatCompletionsUrl())
        .model("bench")
        .prompt("hi")
        .parallel(16)
        .number(count)
        .stream(false)
        .maxTokens(1)
        .testConnection(false)
        .totalTimeout(Duration.ofSeconds(30))
        .noOutputFiles()
        .defaultSinks(false)
        .build()
        .run();
  }

  /** Returns the report's p99 of {@code metric} in the metric's unit, or NaN without samples. */
  private static double p99(RunReport report, Metric metric) {
    return report.distribution(metric).map(d -> d.at(99).orElse(Double.NaN)).orElse(Double.NaN);
  }

  private static double millis(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static long lateOver(long[] sorted, long nanos) {
    return Arrays.stream(sorted).filter(v -> v > nanos).count();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Keeps each measured request's dispatch lag; called on the engine's sink thread. */
  private static final class LagSink implements ResultSink {
    private final long[] lags;
    private int count;

    LagSink(int capacity) {
      lags = new long[capacity];
    }

    @Override
    public String name() {
      return "dispatch-lag";
    }

    @Override
    public synchronized void onRecord(RequestRecord record) {
      if (count < lags.length && record.scheduledNanos().isPresent()) {
        lags[count++] = Math.max(0, record.sentNanos() - record.scheduledNanos().getAsLong());
      }
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(lags, count);
      Arrays.sort(copy);
      return copy;
    }
  }
}
