package dev.tokenstorm.core.internal.metrics;

import static dev.tokenstorm.core.internal.metrics.TestRecords.ms;
import static dev.tokenstorm.core.internal.metrics.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Concurrent adds keep exact counts; a million records need no per-record memory. */
class MetricsAccumulatorLoadTest {

  private static final int THREADS = 8;
  private static final int RECORDS_PER_THREAD = 20_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentAddsKeepExactCounts() throws Exception {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < RECORDS_PER_THREAD; i++) {
            accumulator.add(recordFor(thread, i));
            if (i % 5_000 == 0) {
              // Reports taken mid-run must not disturb the adds.
              accumulator.report(TestRecords.run(ApiKind.GENERATION), false, List.of());
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(50, TimeUnit.SECONDS);
      }
    }

    RunReport report = accumulator.report(TestRecords.run(ApiKind.GENERATION), false, List.of());

    long total = (long) THREADS * RECORDS_PER_THREAD;
    long failed = total / 4;
    assertThat(report.totalRequests()).isEqualTo(total);
    assertThat(report.failedRequests()).isEqualTo(failed);
    assertThat(report.successRequests()).isEqualTo(total - failed);
    assertThat(report.failuresByKind()).isEqualTo(Map.of(ErrorKind.TIMEOUT, failed));
    assertThat(report.distribution(Metric.LATENCY).orElseThrow().count()).isEqualTo(total - failed);
    // Three output events per successful request: two gaps each.
    assertThat(report.distribution(Metric.ITL).orElseThrow().count())
        .isEqualTo(2 * (total - failed));
    assertThat(report.summary().avgOutputTokens().getAsDouble()).isEqualTo(3.0);
  }

  private static RequestRecord recordFor(int thread, int i) {
    long sent = ms(i) + thread;
    if (i % 4 == 0) {
      return record().index(i).sent(sent).end(sent + ms(50)).failed(ErrorKind.TIMEOUT).build();
    }
    return record().index(i).sent(sent)
        .events(sent + ms(10), sent + ms(11 + i % 7), sent + ms(20 + i % 13))
        .end(sent + ms(25 + i % 13)).tokens(7, 3).build();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void millionRecordsNeedNoPerRecordMemory() {
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 1_000_000; i++) {
      long sent = ms(i);
      long first = sent + ms(20 + i % 50);
      long second = first + ms(1 + i % 20);
      long third = second + ms(1 + i % 30);
      accumulator.add(record().index(i).scheduled(sent).sent(sent + i % 1000)
          .events(first, second, third).end(third + ms(5)).tokens(100 + i % 400, 3).build());
    }

    RunReport report = accumulator.report(TestRecords.run(ApiKind.GENERATION), false, List.of());

    assertThat(report.totalRequests()).isEqualTo(1_000_000);
    assertThat(report.distribution(Metric.ITL).orElseThrow().count()).isEqualTo(2_000_000);
    assertThat(report.distribution(Metric.INPUT_TOKENS).orElseThrow().max().getAsDouble())
        .isEqualTo(499.0);
  }
}
