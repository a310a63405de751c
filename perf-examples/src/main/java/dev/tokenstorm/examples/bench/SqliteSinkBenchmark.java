package dev.tokenstorm.examples.bench;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import dev.tokenstorm.sqlite.SqliteResultSink;
import dev.tokenstorm.sqlite.StoredRun;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores synthetic request records through {@link SqliteResultSink} and reports the time, rows per
 * second, CPU time of the whole process, database size and peak heap.
 *
 * <p>Usage: {@code SqliteSinkBenchmark [records] [tokensPerRecord] [commitInterval] [folder]},
 * defaults 1000000, 100, 1000 and a new temporary folder. Each record is a successful streamed
 * request with one token event per output token, a 300-character request body and an output text
 * of four characters per token, as the engine produces them. The records are generated while they
 * are fed, so the heap holds only what the sink keeps; run with a small {@code -Xmx} to check that
 * the sink's memory does not grow with the record count. The time runs from {@code onRunStart} to
 * the return of {@code onRunEnd}, when every row is committed; the CPU time covers the same span,
 * summed over all threads of the JVM, record generation and garbage collection included. Peak heap
 * is sampled every 10 ms.
 */
public final class SqliteSinkBenchmark {

  private static final long BASE_NANOS = 10_000_000_000_000L;

  private SqliteSinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int commitInterval = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Path folder = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("sqlite-bench");
    RunInfo run = new RunInfo("sqlite_benchmark", 0, 1, folder, OptionalInt.of(1000), records,
        OptionalDouble.empty(), false, "openai", ApiKind.GENERATION, "bench",
        "http://127.0.0.1:1/v1/chat/completions", "synthetic", System.currentTimeMillis(),
        Map.of("number", records));
    String body = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(220) + "\"}],\"stream\":true}";
    String output = "word".repeat(tokens);

    HeapSampler heap = new HeapSampler();
    heap.start();
    long gcBefore = gcCount();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    try (SqliteResultSink sink = SqliteResultSink.builder().commitInterval(commitInterval)
        .build()) {
      sink.onRunStart(run);
      for (int i = 0; i < records; i++) {
        sink.onRecord(record(i, tokens, body, output));
      }
      sink.onRunEnd(new MetricsAccumulator(ApiKind.GENERATION).report(run, false, List.of()));
    }
    long elapsed = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    heap.stop();

    Path file = folder.resolve(SqliteResultSink.FILE_NAME);
    long stored;
    try (StoredRun storedRun = StoredRun.open(file)) {
      stored = storedRun.recordCount();
    }
    long bytes = Files.size(file);
    double seconds = elapsed / 1e9;
    System.out.printf(Locale.ROOT, "records stored      %,d of %,d (%d token events each,"
        + " commit every %d rows)%n", stored, records, tokens, commitInterval);
    System.out.printf(Locale.ROOT, "time                %.2f s%n", seconds);
    System.out.printf(Locale.ROOT, "rows per second     %,.0f%n", records / seconds);
    System.out.printf(Locale.ROOT, "process CPU time    %.2f s (%.1f µs per row)%n", cpu / 1e9,
        cpu / 1e3 / records);
    System.out.printf(Locale.ROOT, "database size       %,.1f MB (%,d bytes per row)%n",
        bytes / 1e6, bytes / Math.max(1, records));
    System.out.printf(Locale.ROOT, "peak heap used      %,.1f MB (max heap %,.0f MB)%n",
        heap.peak() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    System.out.printf(Locale.ROOT, "garbage collections %d%n", gcCount() - gcBefore);
    System.out.println("database            " + file);
  }

  private static RequestRecord record(int index, int tokens, String body, String output) {
    long sent = BASE_NANOS + index * 1_000_000L;
    long[] events = new long[tokens];
    long time = sent + 50_000_000 + (index % 97) * 100_000L;
    for (int t = 0; t < tokens; t++) {
      events[t] = time;
      time += 18_000_000 + (t * 7919L + index) % 4_000_000;
    }
    long last = events[tokens - 1];
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.of(sent + 40_000_000), OptionalLong.of(events[0]),
        OptionalLong.of(events[0]), OptionalLong.of(last), last + 200_000, events, true, true,
        OptionalInt.of(200), null, null, OptionalInt.of(64), OptionalInt.of(tokens),
        OptionalInt.empty(), OptionalInt.empty(), TokenSource.USAGE, 0, body, output);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }

  /** Samples the used heap every 10 ms on a daemon thread and keeps the maximum. */
  private static final class HeapSampler {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = Thread.ofPlatform().daemon().name("heap-sampler")
        .unstarted(this::sample);

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peak() {
      return peak.get();
    }

    private void sample() {
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
