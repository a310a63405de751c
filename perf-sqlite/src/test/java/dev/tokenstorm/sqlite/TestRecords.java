package dev.tokenstorm.sqlite;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.TokenSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** Builds deterministic runs and records covering every shape a record can take. */
final class TestRecords {

  /** The base of the fake monotonic clock; large, like a real System.nanoTime() value. */
  static final long BASE_NANOS = 8_123_456_789_012L;

  private TestRecords() {}

  static RunInfo run(String name, @Nullable Path outputDir) {
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("model", "qwen");
    config.put("url", "http://127.0.0.1:1/v1/chat/completions");
    config.put("parallel", 4);
    config.put("number", 100);
    config.put("rate", -1.0);
    config.put("stream", true);
    config.put("api_key", "***");
    config.put("headers", Map.of("X-Trace", "1"));
    config.put("stop", List.of("</s>", "\n\n"));
    config.put("extra_args", null);
    return new RunInfo(name, 0, 1, outputDir, OptionalInt.of(4), 100, OptionalDouble.empty(),
        false, "openai", ApiKind.GENERATION, "qwen", "http://127.0.0.1:1/v1/chat/completions",
        "line_by_line", 1_764_000_000_000L, config);
  }

  /** Returns {@code count} records of mixed kinds, the same for the same {@code seed}. */
  static List<RequestRecord> records(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RequestRecord> records = new ArrayList<>(count);
    long clock = BASE_NANOS;
    for (int i = 0; i < count; i++) {
      clock += 1_000_000 + random.nextLong(5_000_000);
      records.add(record(i, clock, random));
    }
    return records;
  }

  private static RequestRecord record(int index, long sent, SplittableRandom random) {
    return switch (index % 7) {
      case 0, 1, 2 -> streamed(index, sent, random, false);
      case 3 -> streamed(index, sent, random, true);
      case 4 -> nonStreamed(index, sent, random);
      case 5 -> httpFailure(index, sent, random);
      default -> connectionFailure(index, sent, random);
    };
  }

  /** A streamed success; {@code reasoning} makes visible content start after the first token. */
  static RequestRecord streamed(long index, long sent, SplittableRandom random, boolean reasoning) {
    int tokens = 2 + random.nextInt(40);
    long[] events = new long[tokens];
    long time = sent + 20_000_000 + random.nextLong(80_000_000);
    long headers = time - 5_000_000;
    for (int t = 0; t < tokens; t++) {
      events[t] = time;
      time += random.nextLong(30_000_000);
    }
    long end = events[tokens - 1] + 300_000;
    OptionalLong scheduled = index % 2 == 0 ? OptionalLong.of(sent - random.nextLong(2_000_000))
        : OptionalLong.empty();
    long firstContent = reasoning ? events[tokens / 2] : events[0];
    return new RequestRecord(index, index % 3 == 0 ? "req-" + index : null, false,
        1_764_000_000_000L + index, scheduled, sent, OptionalLong.of(headers),
        OptionalLong.of(events[0]), OptionalLong.of(firstContent),
        OptionalLong.of(events[tokens - 1]), end, events, true, true, OptionalInt.of(200), null,
        null, OptionalInt.of(10 + random.nextInt(500)), OptionalInt.of(tokens),
        reasoning ? OptionalInt.of(tokens / 2) : OptionalInt.empty(),
        index % 5 == 0 ? OptionalInt.of(8) : OptionalInt.empty(),
        index % 11 == 0 ? TokenSource.TOKENIZER : TokenSource.USAGE, index % 13 == 0 ? 1 : 0,
        "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße 你好 " + index
            + "\"}],\"stream\":true}",
        "answer " + index + " with emoji \uD83D\uDE00 and quote \" and newline\n");
  }

  private static RequestRecord nonStreamed(long index, long sent, SplittableRandom random) {
    long end = sent + 50_000_000 + random.nextLong(100_000_000);
    return new RequestRecord(index, "req-" + index, false, 1_764_000_000_000L + index,
        OptionalLong.empty(), sent, OptionalLong.of(end - 1_000_000), OptionalLong.empty(),
        OptionalLong.empty(), OptionalLong.empty(), end, new long[0], false, true,
        OptionalInt.of(200), null, null, OptionalInt.of(42), OptionalInt.of(1),
        OptionalInt.empty(), OptionalInt.empty(), TokenSource.USAGE, 0,
        "{\"prompt\":\"hi\"}", "x");
  }

  private static RequestRecord httpFailure(long index, long sent, SplittableRandom random) {
    long end = sent + 2_000_000 + random.nextLong(1_000_000);
    boolean limited = index % 2 == 0;
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.of(end), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), end, new long[0], true, false,
        OptionalInt.of(limited ? 429 : 500), limited ? ErrorKind.RATE_LIMITED : ErrorKind.HTTP_STATUS,
        limited ? "429 Too Many Requests: slow down" : "500 Internal Server Error: boom",
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.NONE, 0, "{\"messages\":[]}", null);
  }

  private static RequestRecord connectionFailure(long index, long sent, SplittableRandom random) {
    long end = sent + random.nextLong(1_000_000);
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), end, new long[0], true, false, OptionalInt.empty(),
        ErrorKind.CONNECTION, "Connection reset", OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), TokenSource.NONE, 0, null, null);
  }
}
