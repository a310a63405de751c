package dev.tokenstorm.core.internal.metrics;

import static dev.tokenstorm.core.internal.metrics.TestRecords.ms;
import static dev.tokenstorm.core.internal.metrics.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.TokenSource;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each warning's exact sentence, and the order they appear in. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunWarningsTest {

  private static final RunInfo UNPACED = TestRecords.run(ApiKind.GENERATION);
  private static final RunInfo PACED_AT_10 = TestRecords.run(
      ApiKind.GENERATION, OptionalInt.of(10), OptionalDouble.of(10), false, null);

  /** Adds {@code count} clean successful requests, sent 1 ms apart, with usage. */
  private static void addClean(MetricsAccumulator accumulator, int count) {
    for (int i = 0; i < count; i++) {
      accumulator.add(record().sent(ms(i)).events(ms(i + 10), ms(i + 20)).end(ms(i + 30))
          .tokens(10, 2).build());
    }
  }

  @Test
  void cleanRunWithEnoughSamplesHasNoWarnings() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    addClean(accumulator, 100);

    assertThat(accumulator.report(UNPACED, false, List.of()).warnings()).isEmpty();
  }

  @Test
  void tokenSourceFallbacksAreCountedPerSource() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    addClean(accumulator, 97);
    accumulator.add(record().end(ms(5)).tokens(1, 2).source(TokenSource.TOKENIZER).build());
    accumulator.add(record().end(ms(5)).tokens(1, 2).source(TokenSource.TOKENIZER).build());
    accumulator.add(record().end(ms(5)).tokens(1, 2).source(TokenSource.EVENT_COUNT).build());

    List<String> warnings = accumulator.report(UNPACED, false, List.of()).warnings();

    assertThat(warnings).containsExactly("3 of 100 successful requests had no usage from the "
        + "server; their output tokens were counted by the tokenizer (2) and by event count (1).");
  }

  @Test
  void tokenSourceWarningNamesRequestsWithoutAnyCount() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    addClean(accumulator, 98);
    accumulator.add(record().end(ms(5)).tokens(1, 2).source(TokenSource.TOKENIZER).build());
    accumulator.add(record().end(ms(5)).source(TokenSource.NONE).build());

    List<String> warnings = accumulator.report(UNPACED, false, List.of()).warnings();

    assertThat(warnings).containsExactly("2 of 100 successful requests had no usage from the "
        + "server; their output tokens were counted by the tokenizer (1), and 1 had no "
        + "output-token count.");
  }

  @Test
  void fewSuccessfulSamplesWarnAboutP99() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    addClean(accumulator, 5);

    assertThat(accumulator.report(UNPACED, false, List.of()).warnings()).containsExactly(
        "Only 5 requests succeeded: with fewer than 100 samples, p99 and higher percentiles are "
            + "among the few largest samples and are not meaningful.");
  }

  @Test
  void allFailedRunNamesTheReasons() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().end(ms(5)).failed(ErrorKind.TIMEOUT).build());
    accumulator.add(record().end(ms(5)).failed(ErrorKind.TIMEOUT).build());
    accumulator.add(record().end(ms(5)).failed(ErrorKind.HTTP_STATUS).build());

    assertThat(accumulator.report(UNPACED, false, List.of()).warnings()).containsExactly(
        "All 3 requests failed (HTTP_STATUS: 1, TIMEOUT: 2), so no latency or token metrics are "
            + "available.");
  }

  @Test
  void malformedEventsAreTotalled() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    addClean(accumulator, 100);
    accumulator.add(record().end(ms(5)).tokens(1, 2).malformed(3).build());
    accumulator.add(record().end(ms(5)).failed(ErrorKind.PROTOCOL).malformed(4).build());

    assertThat(accumulator.report(UNPACED, false, List.of()).warnings())
        .containsExactly("7 malformed server-sent events were skipped in 2 requests.");
  }

  @Test
  void highClientLagWarnsWithTheP99() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 100; i++) {
      // Every request is sent 20 ms after its slot; slots are 100 ms apart (10 req/s).
      long slot = ms(100 * i);
      accumulator.add(record().scheduled(slot).sent(slot + ms(20))
          .events(slot + ms(30), slot + ms(40)).end(slot + ms(50)).tokens(1, 2).build());
    }

    List<String> warnings = accumulator.report(PACED_AT_10, false, List.of()).warnings();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("The p99 client lag was 20.0")
        .contains("ms, above 10 ms: requests left later than their scheduled time, because all"
            + " 10 in-flight slots were busy or the client itself was slow.");
  }

  @Test
  void lateSendsBlameTheClient() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // Slots 100 ms apart (10 req/s), but sends 200 ms apart: (11 - 1) / 2 s = 5 req/s.
    for (int i = 0; i < 11; i++) {
      long sent = ms(200 * i);
      accumulator.add(record().scheduled(ms(100 * i)).sent(sent).events(sent + ms(1), sent + ms(2))
          .end(sent + ms(3)).tokens(1, 2).build());
    }

    List<String> warnings = accumulator.report(PACED_AT_10, false, List.of()).warnings();

    assertThat(warnings).contains("The achieved request rate was 5.00 req/s, 50.0 % below the "
        + "configured 10.00 req/s. The schedule's rate over the same requests was 10.00 req/s, so "
        + "the client sent them late.");
  }

  @Test
  void slowScheduleMeansClientKeptUp() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // Slots and sends 200 ms apart: the schedule itself gave 5 req/s.
    for (int i = 0; i < 11; i++) {
      long slot = ms(200 * i);
      accumulator.add(record().scheduled(slot).sent(slot).events(slot + ms(1), slot + ms(2))
          .end(slot + ms(3)).tokens(1, 2).build());
    }

    List<String> warnings = accumulator.report(PACED_AT_10, false, List.of()).warnings();

    assertThat(warnings).contains("The achieved request rate was 5.00 req/s, 50.0 % below the "
        + "configured 10.00 req/s. The schedule's random gaps gave only 5.00 req/s over these "
        + "requests, and the client kept up with the schedule.");
  }

  @Test
  void achievedRateWithinFivePercentDoesNotWarn() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // 101 sends 104 ms apart: 9.6 req/s, 3.8 % below 10 req/s.
    for (int i = 0; i < 101; i++) {
      long slot = ms(104 * i);
      accumulator.add(record().scheduled(slot).sent(slot).events(slot + ms(1), slot + ms(2))
          .end(slot + ms(3)).tokens(1, 2).build());
    }

    assertThat(accumulator.report(PACED_AT_10, false, List.of()).warnings()).isEmpty();
  }

  @Test
  void warningsKeepFixedOrder() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 11; i++) {
      long slot = ms(200 * i);
      accumulator.add(record().scheduled(slot).sent(slot + ms(15))
          .events(slot + ms(20), slot + ms(30)).end(slot + ms(40)).tokens(1, 2)
          .source(TokenSource.EVENT_COUNT).malformed(1).build());
    }

    List<String> warnings =
        accumulator.report(PACED_AT_10, false, List.of("Engine warning.")).warnings();

    assertThat(warnings).hasSize(6);
    assertThat(warnings.get(0)).startsWith("11 of 11 successful requests had no usage");
    assertThat(warnings.get(1)).startsWith("Only 11 requests succeeded");
    assertThat(warnings.get(2)).startsWith("11 malformed server-sent events were skipped");
    assertThat(warnings.get(3)).startsWith("The p99 client lag was 15.0");
    assertThat(warnings.get(4)).startsWith("The achieved request rate was 5.00 req/s");
    assertThat(warnings.get(5)).isEqualTo("Engine warning.");
  }

  @Test
  void singleFailedRequestReadsNaturally() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.EMBEDDING);
    accumulator.add(record().end(ms(5)).failedWithoutKind().build());

    RunReport report = accumulator.report(TestRecords.run(ApiKind.EMBEDDING), false, List.of());

    assertThat(report.warnings()).containsExactly("The only request failed (no reason given: 1), "
        + "so no latency or token metrics are available.");
  }
}
