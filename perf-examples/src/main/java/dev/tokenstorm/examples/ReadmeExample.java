package dev.tokenstorm.examples;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.RunningPerf;
import java.time.Duration;

/**
 * The code samples of README.md, kept here so the build compiles them. Run {@link #main} with the
 * URL of a server you started, for example {@code http://127.0.0.1:8000/v1/chat/completions}.
 */
public final class ReadmeExample {

  private ReadmeExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReadmeExample <url> <model>");
      return;
    }
    firstBenchmark(args[0], args[1]);
  }

  /** The "First benchmark in Java" sample, with the URL and model as parameters. */
  static PerfResult firstBenchmark(String url, String model) {
    PerfResult result = PerfRun.builder()
        .url(url)
        .model(model)
        .parallel(1, 8, 32)          // a sweep: three runs
        .number(20, 160, 640)        // requests per run, paired with parallel
        .prompt("Write a haiku about load testing.")
        .maxTokens(128)
        .sleepInterval(Duration.ofSeconds(2))
        .build()
        .run();

    System.out.println(result.toTable());
    for (RunReport report : result.runs()) {
      report.percentile(Metric.TTFT, 99)
          .ifPresent(p99 -> System.out.println(report.run().name() + ": p99 TTFT " + p99 + " ms"));
    }
    return result;
  }

  /** The cancellation sample. */
  static PerfResult cancelAfter(String url, Duration wait) throws InterruptedException {
    try (RunningPerf running = PerfRun.builder().url(url).model("m").prompt("hi").number(100_000)
        .build().start()) {
      Thread.sleep(wait.toMillis());
      running.cancel();
      PerfResult partial = running.await();
      return partial;
    }
  }
}
