package dev.tokenstorm.core.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaCheck;
import dev.tokenstorm.api.sla.SlaGroupResult;
import dev.tokenstorm.api.sla.SlaOutcome;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.core.SlaTuning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the searcher with a fake measurement of a server that runs 4 requests at once, each in
 * 50 ms, and queues the rest. At concurrency P, the p99 latency is 50 ms x ceil(P / 4) and the
 * mean latency is 50 ms x max(1, P / 4).
 */
@Timeout(10)
class SlaSearcherTest {

  private static final double SERVICE = 0.05;
  private static final int CAPACITY = 4;

  private final List<Double> measured = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();

  private SlaPoint model(double parallel) {
    measured.add(parallel);
    double rounds = Math.ceil(parallel / CAPACITY);
    double avg = SERVICE * Math.max(1, parallel / CAPACITY);
    double rps = parallel / avg;
    RunReport report = SlaFixtures.report((int) parallel, 100, 0, avg, SERVICE * rounds,
        avg * 1000 - 40, SERVICE * rounds * 1000 - 40, rps, rps * 32);
    return SlaFixtures.point(parallel, report);
  }

  private SlaSearcher searcher(SlaTuning tuning, double start, SlaSearcher.Measurer measurer) {
    return new SlaSearcher(tuning, start, measurer, progress::add);
  }

  @Test
  void groupsShareMeasuredValues() throws Exception {
    SlaTuning tuning = SlaTuning.builder().upperBound(64)
        .group(Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(75)))
        .group(Sla.avg(Metric.LATENCY).atMost(Duration.ofMillis(130)))
        .build();
    SlaSearcher searcher = searcher(tuning, 1, this::model);

    List<SlaGroupResult> groups = searcher.searchAll();

    assertThat(groups.get(0).best()).hasValue(4);
    assertThat(groups.get(0).outcome()).isEqualTo(SlaOutcome.SATISFIED);
    assertThat(groups.get(0).note()).isEqualTo("Satisfied");
    assertThat(groups.get(1).best()).hasValue(10);
    assertThat(measured).containsExactly(1.0, 2.0, 4.0, 8.0, 6.0, 5.0, 16.0, 12.0, 10.0, 11.0);
    assertThat(searcher.points()).extracting(SlaPoint::value).containsExactlyElementsOf(measured);
    assertThat(groups.get(1).checks()).extracting(c -> c.point().value())
        .containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 12.0, 10.0, 11.0);
  }

  @Test
  void failedCheckExplainsWhichCriterionMissed() throws Exception {
    SlaTuning tuning = SlaTuning.builder().upperBound(8)
        .group(Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(75)),
            Sla.requestThroughput().atLeast(10))
        .build();

    SlaGroupResult group = searcher(tuning, 8, this::model).searchAll().get(0);

    SlaCheck first = group.checks().get(0);
    assertThat(first.passed()).isFalse();
    assertThat(first.failure()).hasValue("p99_latency = 0.1 s, needs <= 0.075 s");
    assertThat(first.observations()).extracting(o -> o.met()).containsExactly(false, true);
    assertThat(group.best()).hasValue(4);
    assertThat(progress.get(0)).isEqualTo("group 1, parallel 8: failed, p99_latency = 0.1 s, needs"
        + " <= 0.075 s");
  }

  @Test
  void failuresAboveTheAllowedRateFailAValue() throws Exception {
    SlaTuning strict = SlaTuning.builder().upperBound(8).build();
    SlaTuning lenient = SlaTuning.builder().upperBound(8).maxFailureRate(0.05).build();
    SlaSearcher.Measurer twoFailures = value -> SlaFixtures.point(value,
        SlaFixtures.report((int) value, 100, value >= 4 ? 2 : 0, 0.05, 0.05, 10, 10, 20, 600));

    SlaGroupResult strictResult = searcher(strict, 1, twoFailures).searchAll().get(0);
    SlaGroupResult lenientResult = searcher(lenient, 1, twoFailures).searchAll().get(0);

    assertThat(strictResult.best()).hasValue(3);
    assertThat(strictResult.checks().get(2).failure()).hasValue("failure rate 2% (2 of 100"
        + " requests) is above the allowed 0%");
    assertThat(lenientResult.best()).hasValue(8);
    assertThat(lenientResult.outcome()).isEqualTo(SlaOutcome.UPPER_BOUND_REACHED);
    assertThat(lenientResult.note()).isEqualTo("Satisfied up to the upper bound (8)");
  }

  @Test
  void measureWithoutSamplesFailsItsCriterion() throws Exception {
    SlaTuning tuning = SlaTuning.builder().upperBound(8)
        .group(Sla.p99(Metric.TPOT).atMost(Duration.ofSeconds(10))).build();

    SlaGroupResult group = searcher(tuning, 2, this::model).searchAll().get(0);

    assertThat(group.outcome()).isEqualTo(SlaOutcome.FAILED_AT_LOWER_BOUND);
    assertThat(group.note()).isEqualTo("Failed at lower bound (1)");
    assertThat(group.best()).isEmpty();
    assertThat(group.checks().get(0).failure()).hasValue("p99_tpot has no samples");
  }

  @Test
  void optimisationRespectsTheGroupsConstraints() throws Exception {
    SlaTuning tuning = SlaTuning.builder().upperBound(64)
        .group(Sla.outputThroughput().maximise(),
            Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(130)))
        .build();

    SlaGroupResult group = searcher(tuning, 1, this::model).searchAll().get(0);

    assertThat(group.outcome()).isEqualTo(SlaOutcome.OPTIMISED);
    assertThat(group.best()).hasValue(4);
    assertThat(group.goalValue().getAsDouble()).isCloseTo(80 * 32.0, within(1e-9));
    assertThat(group.note()).isEqualTo("Best tps: 2560 tok/s");
  }

  @Test
  void cancellationKeepsTheBestValueSoFar() throws Exception {
    SlaTuning tuning = SlaTuning.builder().upperBound(64)
        .group(Sla.p99(Metric.LATENCY).atMost(Duration.ofMillis(75)))
        .group(Sla.avg(Metric.LATENCY).atMost(Duration.ofMillis(130)))
        .build();
    SlaSearcher searcher = searcher(tuning, 1, value -> {
      if (measured.size() == 3) {
        throw new SlaCancelledException();
      }
      return model(value);
    });

    List<SlaGroupResult> groups = searcher.searchAll();

    assertThat(searcher.cancelled()).isTrue();
    assertThat(groups.get(0).outcome()).isEqualTo(SlaOutcome.CANCELLED);
    assertThat(groups.get(0).best()).hasValue(4);
    assertThat(groups.get(0).note()).isEqualTo("Cancelled; best so far 4");
    assertThat(groups.get(1).outcome()).isEqualTo(SlaOutcome.CANCELLED);
    assertThat(groups.get(1).best()).hasValue(4);
    assertThat(measured).containsExactly(1.0, 2.0, 4.0);
  }

  @Test
  void averagesUseOnlyTheRunsThatHaveAValue() {
    RunReport first = SlaFixtures.report(4, 100, 0, 0.1, 0.3, 20, 40, 10, 300);
    RunReport second = SlaFixtures.report(4, 100, 2, 0.2, 0.5, 30, 60, 20, 500);
    OptionalDouble none = OptionalDouble.empty();
    RunSummary latencyOnly = new RunSummary(second.summary().requestThroughput(),
        second.summary().avgLatencySeconds(), none, none, none, none, none, none,
        second.summary().outputThroughput(), none, none, none, none, none, none, none);
    RunReport noTtft = new RunReport(second.run(), false, second.duration(), 100, 100, 0, 0, 100,
        Map.of(), Map.of(), latencyOnly,
        Map.of(Metric.LATENCY, second.distribution(Metric.LATENCY).orElseThrow()),
        List.of("slow"));

    RunReport two = SlaAverages.average(List.of(first, second), first.run());
    RunReport partial = SlaAverages.average(List.of(first, noTtft), first.run());

    assertThat(two.summary().avgLatencySeconds().getAsDouble()).isCloseTo(0.15, within(1e-12));
    assertThat(two.percentile(Metric.LATENCY, 99).getAsDouble()).isCloseTo(0.4, within(1e-12));
    assertThat(two.failedRequests()).isEqualTo(1);
    assertThat(partial.summary().avgTtftMillis()).hasValue(20);
    assertThat(partial.percentile(Metric.TTFT, 99)).hasValue(40);
    assertThat(partial.warnings()).containsExactly("slow");
  }
}
