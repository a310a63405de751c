package dev.tokenstorm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that a {@link ResultSink} honours the lifecycle the engine drives it through: runs with
 * and without records, cancelled runs, sweeps of several runs through one sink, runs without an
 * output folder, and a close that arrives before a run ended. Every callback must return without
 * throwing for valid input, and every record shape the engine produces must be accepted: streamed
 * and non-streamed successes, failures without a response, reasoning output, rate-paced records,
 * missing token counts, non-ASCII and empty texts.
 *
 * <p>Extend it in a test class, create a fresh sink in {@link #createSink}, and override
 * {@link #verifyRun} to check what the sink stored:
 *
 * {@snippet :
 * class MySinkContractTest extends ResultSinkContract {
 *   @Override
 *   protected ResultSink createSink(Path workDir) {
 *     return new MySink(workDir);
 *   }
 *
 *   @Override
 *   protected void verifyRun(Path workDir, RunInfo run, List<RequestRecord> records,
 *       @Nullable RunReport report) {
 *     assertThat(MySink.read(workDir, run.name())).isEqualTo(records);
 *   }
 * }
 * }
 */
@Timeout(60)
public abstract class ResultSinkContract {

  /** The base of the sample records' monotonic clock, far from zero like a real nanoTime. */
  private static final long BASE_NANOS = 5_000_000_000_000L;

  /**
   * Returns a new sink. Called once per test.
   *
   * @param workDir an empty folder for this test; run output folders are created inside it
   */
  protected abstract ResultSink createSink(Path workDir) throws Exception;

  /**
   * Checks what the sink stored for one run, after the sink was closed. Does nothing unless
   * overridden.
   *
   * @param run the run as passed to {@code onRunStart}
   * @param records the records passed to {@code onRecord}, in order
   * @param report the report passed to {@code onRunEnd}, or null when the sink was closed first
   */
  protected void verifyRun(Path workDir, RunInfo run, List<RequestRecord> records,
      @Nullable RunReport report) throws Exception {}

  @Test
  void nameIsNotBlank(@TempDir Path workDir) throws Exception {
    try (ResultSink sink = createSink(workDir)) {
      assertThat(sink.name()).isNotBlank();
    }
  }

  @Test
  void everyRecordShapeIsAccepted(@TempDir Path workDir) throws Exception {
    RunInfo run = run(workDir, "parallel_4_number_140", 0, 1);
    List<RequestRecord> records = sampleRecords(140, 1);
    RunReport report = report(run, records, false);
    try (ResultSink sink = createSink(workDir)) {
      sink.onRunStart(run);
      for (RequestRecord record : records) {
        sink.onRecord(record);
      }
      sink.onRunEnd(report);
    }
    verifyRun(workDir, run, records, report);
  }

  @Test
  void runWithoutRecordsIsAccepted(@TempDir Path workDir) throws Exception {
    RunInfo run = run(workDir, "parallel_1_number_0", 0, 1);
    RunReport report = report(run, List.of(), false);
    try (ResultSink sink = createSink(workDir)) {
      sink.onRunStart(run);
      sink.onRunEnd(report);
    }
    verifyRun(workDir, run, List.of(), report);
  }

  @Test
  void cancelledRunIsAccepted(@TempDir Path workDir) throws Exception {
    RunInfo run = run(workDir, "parallel_2_number_1000", 0, 1);
    List<RequestRecord> records = sampleRecords(30, 2);
    RunReport report = report(run, records, true);
    try (ResultSink sink = createSink(workDir)) {
      sink.onRunStart(run);
      for (RequestRecord record : records) {
        sink.onRecord(record);
      }
      sink.onRunEnd(report);
    }
    verifyRun(workDir, run, records, report);
  }

  @Test
  void sweepOfRunsGoesThroughOneSink(@TempDir Path workDir) throws Exception {
    List<RunInfo> runs = new ArrayList<>();
    List<List<RequestRecord>> recordsPerRun = new ArrayList<>();
    List<RunReport> reports = new ArrayList<>();
    try (ResultSink sink = createSink(workDir)) {
      for (int index = 0; index < 3; index++) {
        RunInfo run = run(workDir, "parallel_" + (index + 1) + "_number_20", index, 3);
        List<RequestRecord> records = sampleRecords(20, 10 + index);
        RunReport report = report(run, records, false);
        sink.onRunStart(run);
        for (RequestRecord record : records) {
          sink.onRecord(record);
        }
        sink.onRunEnd(report);
        runs.add(run);
        recordsPerRun.add(records);
        reports.add(report);
      }
    }
    for (int index = 0; index < runs.size(); index++) {
      verifyRun(workDir, runs.get(index), recordsPerRun.get(index), reports.get(index));
    }
  }

  @Test
  void runWithoutOutputFolderIsAccepted(@TempDir Path workDir) throws Exception {
    RunInfo run = withOutputDir(run(workDir, "parallel_1_number_5", 0, 1), null);
    List<RequestRecord> records = sampleRecords(5, 3);
    RunReport report = report(run, records, false);
    try (ResultSink sink = createSink(workDir)) {
      sink.onRunStart(run);
      for (RequestRecord record : records) {
        sink.onRecord(record);
      }
      sink.onRunEnd(report);
    }
    verifyRun(workDir, run, records, report);
  }

  @Test
  void closeBeforeRunEndIsAccepted(@TempDir Path workDir) throws Exception {
    RunInfo run = run(workDir, "parallel_1_number_100", 0, 1);
    List<RequestRecord> records = sampleRecords(10, 4);
    ResultSink sink = createSink(workDir);
    sink.onRunStart(run);
    for (RequestRecord record : records) {
      sink.onRecord(record);
    }
    assertThatCode(sink::close).doesNotThrowAnyException();
    verifyRun(workDir, run, records, null);
  }

  @Test
  void closeWithoutAnyRunIsAccepted(@TempDir Path workDir) throws Exception {
    ResultSink sink = createSink(workDir);
    assertThatCode(sink::close).doesNotThrowAnyException();
  }

  /**
   * Returns a run description whose output folder is {@code <workDir>/<name>}, created here as
   * the engine creates it.
   */
  protected static RunInfo run(Path workDir, String name, int index, int runCount)
      throws Exception {
    Path outputDir = Files.createDirectories(workDir.resolve(name));
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("model", "contract-model");
    config.put("parallel", 4);
    config.put("number", 140);
    config.put("api_key", "***");
    config.put("headers", Map.of("X-Trace", "1"));
    config.put("extra_args", null);
    return new RunInfo(name, index, runCount, outputDir, OptionalInt.of(4), 140,
        OptionalDouble.empty(), false, "openai", ApiKind.GENERATION, "contract-model",
        "http://127.0.0.1:8877/v1/chat/completions", "line_by_line", 1_764_000_000_000L, config);
  }

  /** Returns {@code run} with another output folder. */
  protected static RunInfo withOutputDir(RunInfo run, @Nullable Path outputDir) {
    return new RunInfo(run.name(), run.index(), run.runCount(), outputDir, run.parallel(),
        run.number(), run.rate(), run.openLoop(), run.api(), run.apiKind(), run.model(), run.url(),
        run.dataset(), run.startedAtMillis(), run.config());
  }

  /** Returns the report the engine would compute for {@code records}. */
  protected static RunReport report(RunInfo run, List<RequestRecord> records, boolean cancelled) {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    records.forEach(accumulator::add);
    return accumulator.report(run, cancelled, List.of());
  }

  /**
   * Returns {@code count} records that cycle through every shape the engine produces, the same
   * for the same {@code seed}.
   */
  protected static List<RequestRecord> sampleRecords(int count, long seed) {
    List<RequestRecord> records = new ArrayList<>(count);
    long sent = BASE_NANOS + seed * 1_000_000_000L;
    for (int index = 0; index < count; index++) {
      sent += 3_000_000 + (index * 7919L + seed) % 2_000_000;
      records.add(switch (index % 6) {
        case 0, 1 -> streamed(index, sent, false);
        case 2 -> streamed(index, sent, true);
        case 3 -> nonStreamed(index, sent);
        case 4 -> httpFailure(index, sent);
        default -> noResponse(index, sent);
      });
    }
    return records;
  }

  private static RequestRecord streamed(int index, long sent, boolean reasoning) {
    int tokens = 1 + index % 9;
    long[] events = new long[tokens];
    for (int t = 0; t < tokens; t++) {
      events[t] = sent + 40_000_000 + t * 12_000_000L + index;
    }
    long end = events[tokens - 1] + 500_000;
    OptionalLong scheduled = index % 2 == 0 ? OptionalLong.of(sent - 150_000) : OptionalLong.empty();
    return new RequestRecord(index, "id-" + index, false, 1_764_000_000_000L + index, scheduled,
        sent, OptionalLong.of(sent + 30_000_000), OptionalLong.of(events[0]),
        OptionalLong.of(reasoning ? events[tokens - 1] : events[0]),
        OptionalLong.of(events[tokens - 1]), end, events, true, true, OptionalInt.of(200), null,
        null, OptionalInt.of(12 + index), OptionalInt.of(tokens),
        reasoning ? OptionalInt.of(tokens - 1) : OptionalInt.empty(),
        index % 4 == 0 ? OptionalInt.of(4) : OptionalInt.empty(), TokenSource.USAGE, 0,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"héllo 世界 " + index + "\"}]}",
        reasoning ? "thinking… then the answer \uD83D\uDE00" : "token ".repeat(tokens));
  }

  private static RequestRecord nonStreamed(int index, long sent) {
    long end = sent + 80_000_000;
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.of(end - 100_000), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), end, new long[0], false, true, OptionalInt.of(200), null, null,
        OptionalInt.of(20), OptionalInt.of(5), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.TOKENIZER, 0, "{\"prompt\":\"hi\"}", "");
  }

  private static RequestRecord httpFailure(int index, long sent) {
    long end = sent + 1_500_000;
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.of(end), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), end, new long[0], true, false, OptionalInt.of(503),
        ErrorKind.HTTP_STATUS, "503 Service Unavailable: overloaded", OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), TokenSource.NONE, 1,
        "{\"messages\":[]}", null);
  }

  private static RequestRecord noResponse(int index, long sent) {
    return new RequestRecord(index, null, false, 1_764_000_000_000L + index, OptionalLong.empty(),
        sent, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), sent + 200_000, new long[0], true, false, OptionalInt.empty(),
        ErrorKind.CONNECTION, "Connection refused", OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty(), TokenSource.NONE, 0, null, null);
  }
}
