package dev.tokenstorm.examples;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Benchmarks an OpenAI-compatible chat endpoint with a small concurrency sweep and prints the
 * summary tables.
 *
 * <p>The target comes from the environment: {@code TOKENSTORM_URL} (for example
 * {@code http://127.0.0.1:8000/v1/chat/completions}), {@code TOKENSTORM_MODEL} and
 * {@code TOKENSTORM_API_KEY}. Without {@code TOKENSTORM_URL}, the program starts an embedded
 * {@link SimulatedLlmServer} on 127.0.0.1 and benchmarks that, so it runs anywhere without a GPU
 * or network. Output files go to {@code outputs/} in the working directory.
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    String url = System.getenv("TOKENSTORM_URL");
    SimulatedLlmServer server = null;
    if (url == null || url.isBlank()) {
      server = SimulatedLlmServer.builder()
          .ttft(Duration.ofMillis(80))
          .interTokenDelay(Duration.ofMillis(8))
          .outputTokens(64)
          .start();
      url = server.chatCompletionsUrl();
      System.out.println("TOKENSTORM_URL is not set: benchmarking the embedded simulated server at "
          + url);
    }
    String model = envOr("TOKENSTORM_MODEL", server != null ? "simulated" : null);
    try {
      PerfRun.Builder builder = PerfRun.builder()
          .url(url)
          .model(model)
          .parallel(1, 4, 16)
          .number(10, 40, 160)
          .prompt("Explain in one paragraph why load tests should measure time to first token.")
          .maxTokens(64)
          .sleepInterval(Duration.ofSeconds(1))
          .outputsDir(Path.of("outputs"))
          .name("quickstart");
      String apiKey = System.getenv("TOKENSTORM_API_KEY");
      if (apiKey != null && !apiKey.isBlank()) {
        builder.apiKey(apiKey);
      }
      PerfResult result = builder.build().run();
      for (RunReport report : result.runs()) {
        System.out.println();
        System.out.println("== " + report.run().name() + " ==");
        System.out.println(report.toTable());
      }
      System.out.println();
      System.out.println(result.toTable());
      result.outputDirectory().ifPresent(dir ->
          System.out.println("Output files: " + dir.toAbsolutePath()));
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    if (value != null && !value.isBlank()) {
      return value;
    }
    if (fallback == null) {
      throw new IllegalArgumentException(name + " must be set when TOKENSTORM_URL points at a real"
          + " server: the served model name, for example " + name + "=qwen2.5-7b-instruct");
    }
    return fallback;
  }
}
