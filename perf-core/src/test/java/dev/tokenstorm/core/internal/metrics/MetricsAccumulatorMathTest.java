package dev.tokenstorm.core.internal.metrics;

import static dev.tokenstorm.core.internal.metrics.TestRecords.ms;
import static dev.tokenstorm.core.internal.metrics.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.TokenSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every metric checked against values computed by hand from known timestamps. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsAccumulatorMathTest {

  private static final double EPS = 1e-9;

  private static RunReport report(ApiKind kind, MetricsAccumulator accumulator) {
    return accumulator.report(TestRecords.run(kind), false, List.of());
  }

  private static Distribution distribution(RunReport report, Metric metric) {
    assertThat(report.distribution(metric)).as("distribution of %s", metric).isPresent();
    return report.distribution(metric).orElseThrow();
  }

  @Test
  void ttftCoversOnlyStreamedRequestsWithAFirstToken() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // Streamed, first token after 100 ms.
    accumulator.add(record().events(ms(100), ms(150), ms(250)).end(ms(300)).tokens(10, 3).build());
    // Streamed but no output event at all: no TTFT.
    accumulator.add(record().sent(ms(1000)).end(ms(1200)).tokens(10, 0).build());
    // Not streamed: its single output event is not a first token.
    accumulator.add(
        record().stream(false).events(ms(500)).end(ms(500)).tokens(10, 5).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    Distribution ttft = distribution(report, Metric.TTFT);
    assertThat(ttft.count()).isEqualTo(1);
    assertThat(ttft.mean().getAsDouble()).isCloseTo(100.0, within(EPS));
    assertThat(report.summary().avgTtftMillis().getAsDouble()).isCloseTo(100.0, within(EPS));
  }

  @Test
  void ttfcIsTimeToFirstVisibleContent() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(100), ms(200), ms(300)).firstContent(ms(250))
        .end(ms(310)).tokens(5, 3).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.summary().avgTtftMillis().getAsDouble()).isCloseTo(100.0, within(EPS));
    assertThat(report.summary().avgTtfcMillis().getAsDouble()).isCloseTo(250.0, within(EPS));
  }

  @Test
  void tpotAbsentForSingleTokenOrEvent() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(40)).end(ms(60)).tokens(5, 1).build());
    accumulator.add(record().stream(false).events(ms(80)).end(ms(80)).tokens(5, 7).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.distribution(Metric.TPOT)).isEmpty();
    assertThat(report.distribution(Metric.DECODE_THROUGHPUT)).isEmpty();
    assertThat(report.summary().avgTpotMillis()).isEmpty();
    assertThat(distribution(report, Metric.OUTPUT_TOKENS).count()).isEqualTo(2);
  }

  @Test
  void tpotSpansFirstToLastToken() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // (250 - 100) ms / (3 - 1) tokens = 75 ms; 1000 / 75 = 13.33 tok/s.
    accumulator.add(record().events(ms(100), ms(150), ms(250)).end(ms(300)).tokens(10, 3).build());
    // (500 - 100) ms / (5 - 1) tokens = 100 ms; 10 tok/s.
    accumulator.add(record().events(ms(100), ms(500)).end(ms(600)).tokens(10, 5).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.summary().avgTpotMillis().getAsDouble()).isCloseTo(87.5, within(EPS));
    Distribution decode = distribution(report, Metric.DECODE_THROUGHPUT);
    assertThat(decode.mean().getAsDouble()).isCloseTo((1000 / 75.0 + 10) / 2, within(EPS));
    assertThat(decode.min().getAsDouble()).isCloseTo(10.0, within(EPS));
    assertThat(decode.max().getAsDouble()).isCloseTo(1000 / 75.0, within(EPS));
  }

  @Test
  void itlPoolsGapsAcrossRequests() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(100), ms(150), ms(250)).end(ms(300)).tokens(10, 3).build());
    accumulator.add(record().events(ms(10), ms(30)).end(ms(40)).tokens(10, 2).build());
    // A failed stream's gaps are not counted.
    accumulator.add(record().events(ms(10), ms(990)).end(ms(1000)).failed(ErrorKind.CONNECTION)
        .build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    Distribution itl = distribution(report, Metric.ITL);
    assertThat(itl.count()).isEqualTo(3);
    // Pooled: (50 + 100 + 20) / 3, not the per-request average (75 + 20) / 2.
    assertThat(itl.mean().getAsDouble()).isCloseTo(170.0 / 3, within(EPS));
    assertThat(itl.min().getAsDouble()).isCloseTo(20.0, within(EPS));
    assertThat(itl.max().getAsDouble()).isCloseTo(100.0, within(EPS));
    assertThat(report.summary().avgItlMillis().getAsDouble()).isCloseTo(170.0 / 3, within(EPS));
  }

  @Test
  void throughputsUseWallTimeIncludingFailures() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().sent(0).events(ms(100), ms(900)).end(ms(1000)).tokens(100, 50)
        .build());
    accumulator.add(record().sent(ms(500)).end(ms(4000)).failed(ErrorKind.TIMEOUT).build());
    accumulator.add(record().sent(ms(1000)).events(ms(1100), ms(1900)).end(ms(2000))
        .tokens(100, 30).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    // Wall window: first send 0 to last end 4 s (the failed request).
    assertThat(report.duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(report.summary().requestThroughput().getAsDouble()).isCloseTo(0.5, within(EPS));
    assertThat(report.summary().outputThroughput().getAsDouble()).isCloseTo(20.0, within(EPS));
    assertThat(report.summary().totalThroughput().getAsDouble()).isCloseTo(70.0, within(EPS));
    assertThat(report.summary().inputThroughput().getAsDouble()).isCloseTo(50.0, within(EPS));
    assertThat(report.summary().avgLatencySeconds().getAsDouble()).isCloseTo(1.0, within(EPS));
    assertThat(report.summary().avgInputTokens().getAsDouble()).isCloseTo(100.0, within(EPS));
    assertThat(report.summary().avgOutputTokens().getAsDouble()).isCloseTo(40.0, within(EPS));
    // Sends at 0, 0.5 and 1 s: (3 - 1) / 1 s.
    assertThat(report.summary().achievedRate().getAsDouble()).isCloseTo(2.0, within(EPS));
    // Generation runs have no per-request input throughput.
    assertThat(report.summary().inputThroughputPerRequest()).isEmpty();
  }

  @Test
  void perRequestThroughputsDivideByEachLatency() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(100), ms(900)).end(ms(1000)).tokens(100, 50).build());
    accumulator.add(record().events(ms(100), ms(400)).end(ms(500)).tokens(20, 30).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    Distribution output = distribution(report, Metric.OUTPUT_THROUGHPUT);
    assertThat(output.min().getAsDouble()).isCloseTo(50.0, within(EPS));
    assertThat(output.max().getAsDouble()).isCloseTo(60.0, within(EPS));
    assertThat(output.mean().getAsDouble()).isCloseTo(55.0, within(EPS));
    Distribution total = distribution(report, Metric.TOTAL_THROUGHPUT);
    assertThat(total.min().getAsDouble()).isCloseTo(100.0, within(EPS));
    assertThat(total.max().getAsDouble()).isCloseTo(150.0, within(EPS));
    Distribution latency = distribution(report, Metric.LATENCY);
    assertThat(latency.min().getAsDouble()).isCloseTo(0.5, within(EPS));
    assertThat(latency.max().getAsDouble()).isCloseTo(1.0, within(EPS));
    assertThat(report.distribution(Metric.INPUT_THROUGHPUT)).isEmpty();
  }

  @Test
  void queueTimeOnlyForScheduledRequests() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().scheduled(0).sent(ms(2)).end(ms(102)).tokens(1, 1).build());
    accumulator.add(record().scheduled(ms(100)).sent(ms(100)).end(ms(150)).tokens(1, 1).build());
    accumulator.add(record().sent(0).end(ms(10)).tokens(1, 1).build());
    // A failed request's wait counts as queue time, but it has no latency from schedule.
    accumulator.add(record().scheduled(ms(200)).sent(ms(230)).end(ms(240))
        .failed(ErrorKind.HTTP_STATUS).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    Distribution queue = distribution(report, Metric.QUEUE_TIME);
    assertThat(queue.count()).isEqualTo(3);
    assertThat(queue.mean().getAsDouble()).isCloseTo(32.0 / 3, within(EPS));
    assertThat(report.summary().avgQueueTimeMillis().getAsDouble())
        .isCloseTo(32.0 / 3, within(EPS));
    Distribution fromSchedule = distribution(report, Metric.LATENCY_FROM_SCHEDULE);
    assertThat(fromSchedule.count()).isEqualTo(2);
    assertThat(report.summary().avgLatencyFromScheduleSeconds().getAsDouble())
        .isCloseTo((0.102 + 0.05) / 2, within(EPS));
    assertThat(report.summary().p99ClientLagMillis().getAsDouble())
        .isCloseTo(30.0, within(30.0 * 0.001));
  }

  @Test
  void queueTimeAbsentWhenNothingWasScheduled() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().sent(0).end(ms(10)).tokens(1, 1).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.distribution(Metric.QUEUE_TIME)).isEmpty();
    assertThat(report.distribution(Metric.LATENCY_FROM_SCHEDULE)).isEmpty();
    assertThat(report.summary().avgQueueTimeMillis()).isEmpty();
    assertThat(report.summary().p99ClientLagMillis()).isEmpty();
    assertThat(report.summary().avgLatencyFromScheduleSeconds()).isEmpty();
  }

  @Test
  void embeddingRunsReportInputThroughputs() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.EMBEDDING);
    accumulator.add(record().stream(false).sent(0).end(ms(200)).promptTokens(100)
        .source(TokenSource.NONE).build());
    accumulator.add(record().stream(false).sent(ms(100)).end(ms(500)).promptTokens(300)
        .source(TokenSource.NONE).build());

    RunReport report = report(ApiKind.EMBEDDING, accumulator);

    // 400 tokens over a 0.5 s window; 400 tokens over 0.2 + 0.4 s of latency.
    assertThat(report.summary().inputThroughput().getAsDouble()).isCloseTo(800.0, within(EPS));
    assertThat(report.summary().inputThroughputPerRequest().getAsDouble())
        .isCloseTo(400 / 0.6, within(1e-6));
    Distribution perRequest = distribution(report, Metric.INPUT_THROUGHPUT);
    assertThat(perRequest.mean().getAsDouble()).isCloseTo((500.0 + 750.0) / 2, within(EPS));
    assertThat(report.distributions().keySet())
        .containsExactly(Metric.LATENCY, Metric.INPUT_TOKENS, Metric.INPUT_THROUGHPUT);
    assertThat(report.summary().outputThroughput()).isEmpty();
    assertThat(report.summary().totalThroughput()).isEmpty();
    assertThat(report.summary().avgOutputTokens()).isEmpty();
    assertThat(report.summary().avgTtftMillis()).isEmpty();
    assertThat(report.warnings()).noneMatch(w -> w.contains("usage"));
  }

  @Test
  void countsSplitByOutcomeAndSource() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(1), ms(2)).end(ms(3)).tokens(1, 2).build());
    accumulator.add(record().events(ms(1), ms(2)).end(ms(3)).tokens(1, 2)
        .source(TokenSource.TOKENIZER).build());
    accumulator.add(record().stream(false).end(ms(3)).tokens(1, 2).build());
    accumulator.add(record().end(ms(3)).failed(ErrorKind.TIMEOUT).build());
    accumulator.add(record().end(ms(3)).failed(ErrorKind.TIMEOUT).build());
    accumulator.add(record().stream(false).end(ms(3)).failed(ErrorKind.RATE_LIMITED).build());
    accumulator.add(record().end(ms(3)).failedWithoutKind().build());
    accumulator.add(record().warmup().end(ms(3)).tokens(1, 2).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.totalRequests()).isEqualTo(7);
    assertThat(report.successRequests()).isEqualTo(3);
    assertThat(report.failedRequests()).isEqualTo(4);
    assertThat(report.streamRequests()).isEqualTo(5);
    assertThat(report.nonStreamRequests()).isEqualTo(2);
    assertThat(report.failuresByKind())
        .isEqualTo(Map.of(ErrorKind.TIMEOUT, 2L, ErrorKind.RATE_LIMITED, 1L));
    assertThat(report.tokenSources())
        .isEqualTo(Map.of(TokenSource.USAGE, 2L, TokenSource.TOKENIZER, 1L));
  }

  @Test
  void warmupRecordsAreIgnored() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().warmup().events(ms(1), ms(2)).end(ms(3)).tokens(1, 2).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.totalRequests()).isZero();
    assertThat(report.distributions()).isEmpty();
    assertThat(report.duration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void allFailedRunHasNoAveragesOrDistributions() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().sent(0).end(ms(100)).failed(ErrorKind.CONNECTION).build());
    accumulator.add(record().sent(ms(50)).end(ms(1000)).failed(ErrorKind.TIMEOUT).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.successRequests()).isZero();
    assertThat(report.distributions()).isEmpty();
    assertThat(report.duration()).isEqualTo(Duration.ofMillis(1000));
    // Zero successful requests per second is a measurement, not a placeholder.
    assertThat(report.summary().requestThroughput()).isEqualTo(OptionalDouble.of(0.0));
    assertThat(report.summary().avgLatencySeconds()).isEmpty();
    assertThat(report.summary().avgTtftMillis()).isEmpty();
    assertThat(report.summary().avgTtfcMillis()).isEmpty();
    assertThat(report.summary().avgTpotMillis()).isEmpty();
    assertThat(report.summary().avgItlMillis()).isEmpty();
    assertThat(report.summary().avgInputTokens()).isEmpty();
    assertThat(report.summary().avgOutputTokens()).isEmpty();
    assertThat(report.summary().outputThroughput()).isEmpty();
    assertThat(report.summary().totalThroughput()).isEmpty();
    assertThat(report.summary().inputThroughput()).isEmpty();
    assertThat(report.summary().inputThroughputPerRequest()).isEmpty();
    assertThat(report.summary().avgQueueTimeMillis()).isEmpty();
    assertThat(report.summary().p99ClientLagMillis()).isEmpty();
    assertThat(report.summary().avgLatencyFromScheduleSeconds()).isEmpty();
    assertThat(report.tokenSources()).isEmpty();
  }

  @Test
  void emptyRunHasNoValuesAtAll() {
    RunReport report = report(ApiKind.GENERATION, new MetricsAccumulator(ApiKind.GENERATION));

    assertThat(report.totalRequests()).isZero();
    assertThat(report.duration()).isEqualTo(Duration.ZERO);
    assertThat(report.summary().requestThroughput()).isEmpty();
    assertThat(report.summary().achievedRate()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void reportCanBeTakenRepeatedlyWhileAdding() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    accumulator.add(record().events(ms(10), ms(20)).end(ms(30)).tokens(1, 2).build());
    RunReport first = report(ApiKind.GENERATION, accumulator);
    accumulator.add(record().events(ms(10), ms(20)).end(ms(30)).tokens(1, 2).build());
    RunReport second = report(ApiKind.GENERATION, accumulator);

    assertThat(first.totalRequests()).isEqualTo(1);
    assertThat(first.distribution(Metric.LATENCY).orElseThrow().count()).isEqualTo(1);
    assertThat(second.totalRequests()).isEqualTo(2);
    assertThat(second.distribution(Metric.LATENCY).orElseThrow().count()).isEqualTo(2);
  }

  @Test
  void negativeDurationsAreLeftOutAndCounted() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    // The end lies before the send: latency would be negative.
    accumulator.add(record().sent(ms(100)).end(ms(50)).tokens(1, 1).build());

    RunReport report = report(ApiKind.GENERATION, accumulator);

    assertThat(report.distribution(Metric.LATENCY)).isEmpty();
    assertThat(report.warnings()).anyMatch(w -> w.startsWith("1 metric sample was left out"));
  }
}
