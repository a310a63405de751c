package dev.tokenstorm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.result.TokenSource;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TokenstormMeterBinderTest {

  private static final ProgressSnapshot PROGRESS = new ProgressSnapshot(3, 1, 1, 0, 0);

  private static RunInfo run(String name) {
    return new RunInfo(name, 0, 1, null, OptionalInt.of(2), 3, OptionalDouble.empty(), false,
        "openai", ApiKind.GENERATION, "m", "http://127.0.0.1:1/v1/chat/completions", "prompt",
        0L, Map.of());
  }

  /** Sent at 0, first token after 100 ms, 5 events 20 ms apart, done after 200 ms. */
  private static RequestRecord success(long index) {
    long sent = 1_000_000_000L;
    long first = sent + 100_000_000L;
    long[] events = new long[5];
    for (int i = 0; i < events.length; i++) {
      events[i] = first + i * 20_000_000L;
    }
    return new RequestRecord(index, null, false, 0L, OptionalLong.empty(), sent,
        OptionalLong.of(sent), OptionalLong.of(first), OptionalLong.of(first),
        OptionalLong.of(events[4]), sent + 200_000_000L, events, true, true, OptionalInt.of(200),
        null, null, OptionalInt.of(10), OptionalInt.of(5), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.USAGE, 0, null, null);
  }

  private static RequestRecord failure(long index) {
    return new RequestRecord(index, null, false, 0L, OptionalLong.empty(), 0L,
        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        5_000_000L, new long[0], true, false, OptionalInt.of(503), ErrorKind.HTTP_STATUS, "503",
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.NONE, 0, null, null);
  }

  private static RunReport report(RunInfo run) {
    OptionalDouble none = OptionalDouble.empty();
    RunSummary summary = new RunSummary(none, none, none, none, none, none, none, none, none,
        none, none, none, none, none, none, none);
    return new RunReport(run, true, Duration.ZERO, 0, 0, 0, 0, 0, Map.of(), Map.of(), summary,
        Map.of(), List.of());
  }

  @Test
  void completedRequestsFeedMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TokenstormMeterBinder binder = new TokenstormMeterBinder();
    binder.bindTo(registry);
    RunInfo run = run("parallel_2_number_3");

    binder.onRunStarted(run);
    for (int i = 0; i < 3; i++) {
      binder.onRequestSent(run, i);
    }
    assertThat(registry.get(TokenstormMeterBinder.IN_FLIGHT).tag("run", run.name()).gauge()
        .value()).isEqualTo(3.0);
    binder.onRequestCompleted(run, success(0), PROGRESS);
    binder.onRequestCompleted(run, success(1), PROGRESS);
    binder.onRequestCompleted(run, failure(2), PROGRESS);

    assertThat(registry.get(TokenstormMeterBinder.IN_FLIGHT).gauge().value()).isZero();
    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tag("outcome", "success").counter()
        .count()).isEqualTo(2.0);
    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tag("outcome", "failure").counter()
        .count()).isEqualTo(1.0);

    Timer latency = registry.get(TokenstormMeterBinder.LATENCY).timer();
    assertThat(latency.count()).isEqualTo(2);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(400.0, within(1e-6));
    Timer ttft = registry.get(TokenstormMeterBinder.TTFT).timer();
    assertThat(ttft.count()).isEqualTo(2);
    assertThat(ttft.mean(TimeUnit.MILLISECONDS)).isCloseTo(100.0, within(1e-6));
    Timer itl = registry.get(TokenstormMeterBinder.ITL).timer();
    assertThat(itl.count()).isEqualTo(8);
    assertThat(itl.max(TimeUnit.MILLISECONDS)).isCloseTo(20.0, within(1e-6));
    Timer tpot = registry.get(TokenstormMeterBinder.TPOT).timer();
    assertThat(tpot.count()).isEqualTo(2);
    assertThat(tpot.mean(TimeUnit.MILLISECONDS)).isCloseTo(20.0, within(1e-6));

    assertThat(registry.get(TokenstormMeterBinder.TOKENS).tag("type", "input").counter().count())
        .isEqualTo(20.0);
    assertThat(registry.get(TokenstormMeterBinder.TOKENS).tag("type", "output").counter()
        .count()).isEqualTo(10.0);
  }

  @Test
  void metersTaggedPerSweepRun() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TokenstormMeterBinder binder = new TokenstormMeterBinder(Tags.of("benchmark", "nightly"));
    binder.bindTo(registry);
    RunInfo first = run("parallel_1_number_3");
    RunInfo second = run("parallel_2_number_3");

    binder.onRunStarted(first);
    binder.onRequestCompleted(first, success(0), PROGRESS);
    binder.onRunStarted(second);
    binder.onRequestCompleted(second, success(0), PROGRESS);
    binder.onRequestCompleted(second, success(1), PROGRESS);

    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tags("benchmark", "nightly",
        "run", "parallel_1_number_3", "outcome", "success").counter().count()).isEqualTo(1.0);
    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tags("benchmark", "nightly",
        "run", "parallel_2_number_3", "outcome", "success").counter().count()).isEqualTo(2.0);
  }

  @Test
  void lateRegistrySeesExistingMeters() {
    TokenstormMeterBinder binder = new TokenstormMeterBinder();
    RunInfo run = run("parallel_2_number_3");
    binder.onRunStarted(run);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    binder.bindTo(registry);
    binder.onRequestCompleted(run, success(0), PROGRESS);

    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tag("outcome", "success").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void runEndClearsInFlight() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TokenstormMeterBinder binder = new TokenstormMeterBinder();
    binder.bindTo(registry);
    RunInfo run = run("parallel_2_number_3");
    binder.onRunStarted(run);
    binder.onRequestSent(run, 0);
    binder.onRequestSent(run, 1);

    binder.onRunFinished(report(run));

    assertThat(registry.get(TokenstormMeterBinder.IN_FLIGHT).gauge().value()).isZero();
  }

  @Test
  void concurrentThreadsLoseNoCounts() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TokenstormMeterBinder binder = new TokenstormMeterBinder();
    binder.bindTo(registry);
    RunInfo run = run("parallel_8_number_8000");
    binder.onRunStarted(run);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 1000; i++) {
            binder.onRequestSent(run, i);
            binder.onRequestCompleted(run, i % 10 == 0 ? failure(i) : success(i), PROGRESS);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tag("outcome", "success").counter()
        .count()).isEqualTo(7200.0);
    assertThat(registry.get(TokenstormMeterBinder.REQUESTS).tag("outcome", "failure").counter()
        .count()).isEqualTo(800.0);
    assertThat(registry.get(TokenstormMeterBinder.ITL).timer().count()).isEqualTo(7200L * 4);
    assertThat(registry.get(TokenstormMeterBinder.IN_FLIGHT).gauge().value()).isZero();
  }
}
