package dev.tokenstorm.core.internal.visualizer;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.result.TokenSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** Hand-built runs, records and reports for the visualizer tests. */
final class Fixtures {

  static final String API_KEY = "secret-key-123";

  private Fixtures() {}

  static RunInfo run(String name, int runCount) {
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("parallel", 2);
    config.put("number", 3);
    return new RunInfo(name, 0, runCount, null, OptionalInt.of(2), 3, OptionalDouble.empty(),
        false, "openai", ApiKind.GENERATION, "m", "http://127.0.0.1:1/v1/chat/completions",
        "prompt", 1_000L, config);
  }

  static Map<String, @Nullable Object> maskedConfig() {
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("model", "m");
    config.put("api_key", "**********");
    config.put("wandb_api_key", API_KEY);
    config.put("max_tokens", 32);
    config.put("stream", true);
    config.put("dataset", null);
    return config;
  }

  static VisualizerSettings settings(Map<String, String> env, Duration interval) {
    return new VisualizerSettings("m_20260101_120000", "m", API_KEY, env, null, interval,
        maskedConfig());
  }

  /**
   * A successful streamed request: sent at {@code sentMs}, first token 100 ms later, 5 token
   * events 20 ms apart, done 200 ms after sending; 10 input and 5 output tokens.
   */
  static RequestRecord success(long index, long sentMs) {
    long sent = sentMs * 1_000_000L;
    long first = sent + 100_000_000L;
    long[] events = new long[5];
    for (int i = 0; i < events.length; i++) {
      events[i] = first + i * 20_000_000L;
    }
    return new RequestRecord(index, null, false, 1_000L + sentMs, OptionalLong.empty(), sent,
        OptionalLong.of(sent + 50_000_000L), OptionalLong.of(first), OptionalLong.of(first),
        OptionalLong.of(events[4]), sent + 200_000_000L, events, true, true, OptionalInt.of(200),
        null, null, OptionalInt.of(10), OptionalInt.of(5), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.USAGE, 0, null, null);
  }

  static RequestRecord failure(long index, long sentMs) {
    long sent = sentMs * 1_000_000L;
    return new RequestRecord(index, null, false, 1_000L + sentMs, OptionalLong.empty(), sent,
        OptionalLong.of(sent + 10_000_000L), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), sent + 10_000_000L, new long[0], true, false, OptionalInt.of(500),
        ErrorKind.HTTP_STATUS, "HTTP 500", OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), TokenSource.NONE, 0, null, null);
  }

  static RunReport report(RunInfo run, boolean cancelled) {
    RunSummary summary = new RunSummary(OptionalDouble.of(10.0), OptionalDouble.of(0.2),
        OptionalDouble.of(100.0), OptionalDouble.of(100.0), OptionalDouble.of(20.0),
        OptionalDouble.of(20.0), OptionalDouble.of(10.0), OptionalDouble.of(5.0),
        OptionalDouble.of(50.0), OptionalDouble.of(150.0), OptionalDouble.of(100.0),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.of(12.0));
    Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    distributions.put(Metric.TTFT, new Distribution(Metric.TTFT, 3, OptionalDouble.of(100.0),
        List.of(new Percentile(0, "min", 90.0), new Percentile(50, "50%", 100.0),
            new Percentile(99, "99%", 110.0), new Percentile(100, "max", 111.0))));
    distributions.put(Metric.LATENCY, new Distribution(Metric.LATENCY, 3, OptionalDouble.of(0.2),
        List.of(new Percentile(0, "min", 0.19), new Percentile(50, "50%", 0.2),
            new Percentile(99, "99%", 0.21), new Percentile(100, "max", 0.22))));
    return new RunReport(run, cancelled, Duration.ofMillis(300), 3, 3, 0, 3, 0, Map.of(),
        Map.of(TokenSource.USAGE, 3L), summary, distributions, List.of("only 3 samples"));
  }
}
