package dev.tokenstorm.examples.bench;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.EventTruth;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Drives the simulated server with many concurrent streams and reports how precisely the client
 * timed them: sustained server-sent events per second, the timing error of every token event
 * (client arrival stamp minus the server's write stamp, both from one JVM's {@code nanoTime}),
 * process CPU use and peak heap.
 *
 * <p>Usage: {@code StreamingBenchmark [streams] [requestsPerStream] [tokens] [interTokenMs]
 * [jitterMs] [rate]}, defaults 1000, 3, 100, 20, 0 and 0. A rate above 0 paces request starts on a
 * Poisson schedule of that many requests per second, with {@code streams} as the in-flight cap;
 * 0 starts every stream at once. With a jitter of 0 every stream emits its tokens
 * at the same instants (lockstep). A jitter moves each token event by a random amount of at most
 * that many milliseconds either way, which spreads the streams' events over a window of twice the
 * jitter. Server and client share the JVM and its cores, so the CPU figure covers both, and the
 * error includes any delay of the server thread between stamping and writing.
 */
public final class StreamingBenchmark {

  private StreamingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = arg(args, 0, 1000);
    int perStream = arg(args, 1, 3);
    int tokens = arg(args, 2, 100);
    int itlMillis = arg(args, 3, 20);
    int jitterMillis = arg(args, 4, 0);
    int rate = arg(args, 5, 0);
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(50))
        .interTokenDelay(Duration.ofMillis(itlMillis))
        .jitter(Duration.ofMillis(jitterMillis))
        .outputTokens(tokens)
        .maxRecordedRequests(streams * perStream + 10)
        .start()) {
      warmUp(server);
      server.reset();
      RecordingSink sink = new RecordingSink();
      long cpuBefore = processCpuNanos();
      long wallBefore = System.nanoTime();
      PerfRun.Builder builder = PerfRun.builder()
          .url(server.chatCompletionsUrl())
          .model("bench")
          .dataset(new MarkedPrompts())
          .parallel(streams)
          .number(streams * perStream)
          .maxTokens(tokens)
          .testConnection(false)
          .noOutputFiles()
          .sink(sink);
      if (rate > 0) {
        builder.rate(rate);
      }
      PerfResult result = builder.build().run();
      long wall = System.nanoTime() - wallBefore;
      long cpu = processCpuNanos() - cpuBefore;
      report(streams, result.single(), sink.records(), server.requests(), wall, cpu);
    }
  }

  private static void warmUp(SimulatedLlmServer server) {
    PerfRun.builder().url(server.chatCompletionsUrl()).model("bench").prompt("warm up")
        .parallel(50).number(500).maxTokens(20).testConnection(false).noOutputFiles().build()
        .run();
  }

  private static void report(int streams, RunReport report, List<RequestRecord> records,
      List<RequestTruth> truths, long wallNanos, long cpuNanos) {
    Map<String, RequestTruth> byMarker = new HashMap<>();
    for (RequestTruth truth : truths) {
      byMarker.put(MarkedPrompts.markerIn(truth.body()), truth);
    }
    long[] errors = new long[records.stream().mapToInt(RequestRecord::tokenEventCount).sum()];
    int n = 0;
    long events = 0;
    for (RequestRecord record : records) {
      RequestTruth truth = byMarker.get(MarkedPrompts.markerIn(record.requestBody()));
      List<EventTruth> written = truth.tokenEvents();
      long[] arrived = record.tokenEventNanos();
      for (int i = 0; i < Math.min(arrived.length, written.size()); i++) {
        errors[n++] = arrived[i] - written.get(i).writtenNanos();
      }
      events += truth.events().size();
    }
    long[] sorted = Arrays.copyOf(errors, n);
    Arrays.sort(sorted);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "streams=%d requests=%d succeeded=%d failed=%d%n", streams,
        report.totalRequests(), report.successRequests(), report.failedRequests());
    System.out.printf(Locale.ROOT, "wall=%.2f s  SSE events written=%d  events/s=%.0f%n",
        wallNanos / 1e9, events, events / (wallNanos / 1e9));
    System.out.printf(Locale.ROOT,
        "timing error (client arrival - server write), %d token events: p50=%.3f ms p99=%.3f ms"
            + " p99.9=%.3f ms max=%.3f ms min=%.3f ms%n",
        n, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[n - 1] / 1e6,
        sorted[0] / 1e6);
    System.out.printf(Locale.ROOT, "process CPU=%.1f%% of %d cores (server and client)%n",
        100.0 * cpuNanos / wallNanos / cores, cores);
    System.out.printf(Locale.ROOT, "peak heap used=%.0f MiB (max %.0f MiB)%n",
        peakHeapBytes() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    System.out.println("warnings: " + report.warnings());
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.ceil(sorted.length * quantile) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  /** Prompts carrying a unique marker, so client records can be matched to server truth. */
  private static final class MarkedPrompts implements Dataset {
    private final AtomicLong counter = new AtomicLong();

    @Override
    public String name() {
      return "marked";
    }

    @Override
    public Iterator<Query> open(DatasetContext context) {
      return Stream.generate(
          () -> (Query) ChatQuery.ofUserText("prompt-" + counter.getAndIncrement() + "-end"))
          .iterator();
    }

    static String markerIn(String body) {
      int start = body.indexOf("prompt-");
      return body.substring(start, body.indexOf("-end", start) + 4);
    }
  }
}
