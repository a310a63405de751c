package dev.tokenstorm.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Percentiles from the histogram compared with exact nearest-rank values. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricRecorderPercentileTest {

  /** Largest distance from a bucket's midpoint to its edge at 3 significant digits: 1 / 2048. */
  private static final double RELATIVE_PRECISION = 1.0 / 2048;

  /** Returns the smallest sample with at least {@code rank} % of the samples at or below it. */
  private static double nearestRank(double[] sorted, double rank) {
    int position = (int) Math.ceil(rank / 100 * sorted.length);
    return sorted[Math.max(position, 1) - 1];
  }

  @Test
  void labelsAndRanksAreTheFifteenPoints() {
    MetricRecorder recorder = new MetricRecorder(Metric.TTFT);
    recorder.record(1.0);

    Distribution distribution = recorder.distribution().orElseThrow();

    assertThat(distribution.percentiles()).extracting(Percentile::label).containsExactly(
        "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
        "99.9%", "max");
    assertThat(distribution.percentiles()).extracting(Percentile::rank).containsExactly(
        0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 100.0);
  }

  @Test
  void integerSamplesGiveTheirNearestRank() {
    MetricRecorder recorder = new MetricRecorder(Metric.TTFT);
    for (int i = 100; i >= 1; i--) {
      recorder.record(i);
    }

    Distribution d = recorder.distribution().orElseThrow();

    assertThat(d.min().getAsDouble()).isEqualTo(1.0);
    assertThat(d.at(50).getAsDouble()).isCloseTo(50.0, within(50 * RELATIVE_PRECISION));
    assertThat(d.at(66).getAsDouble()).isCloseTo(66.0, within(66 * RELATIVE_PRECISION));
    assertThat(d.at(99).getAsDouble()).isCloseTo(99.0, within(99 * RELATIVE_PRECISION));
    assertThat(d.at(99.9).getAsDouble()).isEqualTo(100.0);
    assertThat(d.max().getAsDouble()).isEqualTo(100.0);
    assertThat(d.mean().getAsDouble()).isEqualTo(50.5);
    assertThat(d.count()).isEqualTo(100);
  }

  @Test
  void randomSamplesStayWithinHistogramPrecision() {
    Random random = new Random(42);
    double[] samples = new double[20_000];
    MetricRecorder recorder = new MetricRecorder(Metric.LATENCY);
    double sum = 0;
    for (int i = 0; i < samples.length; i++) {
      // Log-uniform between 1 ms and 100 s, in seconds, whole nanoseconds like real timings.
      double seconds = Math.round(Math.pow(10, -3 + 5 * random.nextDouble()) * 1e9) / 1e9;
      samples[i] = seconds;
      sum += seconds;
      recorder.record(seconds);
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);

    Distribution d = recorder.distribution().orElseThrow();

    for (Percentile point : d.percentiles()) {
      double exact = nearestRank(sorted, point.rank());
      assertThat(point.value()).as("percentile %s", point.label())
          .isCloseTo(exact, within(exact * RELATIVE_PRECISION + 1e-9));
    }
    assertThat(d.min().getAsDouble()).isEqualTo(sorted[0]);
    assertThat(d.max().getAsDouble()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(d.mean().getAsDouble()).isCloseTo(sum / samples.length, within(1e-9));
  }

  @Test
  void percentilesInTheExtremeBucketsAreExact() {
    MetricRecorder recorder = new MetricRecorder(Metric.INPUT_THROUGHPUT);
    recorder.record(500.0);
    recorder.record(666.666);
    recorder.record(750.0);

    Distribution d = recorder.distribution().orElseThrow();

    assertThat(d.at(1).getAsDouble()).isEqualTo(500.0);
    assertThat(d.at(50).getAsDouble()).isCloseTo(666.666, within(666.666 * RELATIVE_PRECISION));
    assertThat(d.at(99).getAsDouble()).isEqualTo(750.0);
  }

  @Test
  void tokensPerSecondKeepsFractionalResolution() {
    MetricRecorder recorder = new MetricRecorder(Metric.OUTPUT_THROUGHPUT);
    recorder.record(0.25);
    recorder.record(0.5);
    recorder.record(0.75);

    Distribution d = recorder.distribution().orElseThrow();

    // Recorded in thousandths of a token per second, so these are exact.
    assertThat(d.at(50).getAsDouble()).isEqualTo(0.5);
    assertThat(d.at(25).getAsDouble()).isEqualTo(0.25);
  }

  @Test
  void noSamplesMeansNoDistribution() {
    assertThat(new MetricRecorder(Metric.ITL).distribution()).isEmpty();
    assertThat(new MetricRecorder(Metric.ITL).mean()).isEmpty();
  }
}
