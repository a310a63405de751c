package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.api.sla.SlaVariable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Hand-built reports and points with chosen latencies, throughputs and failure counts. */
final class SlaFixtures {

  private static final double[] RANKS = {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};
  private static final String[] LABELS =
      {"min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%",
          "99.9%", "max"};

  private SlaFixtures() {}

  /** Returns a run info for a closed-loop run at {@code parallel}. */
  static RunInfo info(String name, int parallel, long number) {
    return new RunInfo(name, 0, 1, null, OptionalInt.of(parallel), number, OptionalDouble.empty(),
        false, "openai", ApiKind.GENERATION, "m", "http://127.0.0.1:1/v1/chat/completions",
        "prompt", 0, Map.of());
  }

  /**
   * Returns a streamed run of {@code total} requests, {@code failed} of them failed, whose latency
   * (s) and TTFT (ms) distributions are flat at the given means except that p99 and the maximum
   * are {@code p99Latency} and {@code p99Ttft}.
   */
  static RunReport report(int parallel, long total, long failed, double avgLatency,
      double p99Latency, double avgTtft, double p99Ttft, double rps, double tps) {
    RunSummary summary = new RunSummary(OptionalDouble.of(rps), OptionalDouble.of(avgLatency),
        OptionalDouble.of(avgTtft), OptionalDouble.of(avgTtft), OptionalDouble.of(5),
        OptionalDouble.of(5), OptionalDouble.of(10), OptionalDouble.of(32), OptionalDouble.of(tps),
        OptionalDouble.of(tps * 1.3), OptionalDouble.of(tps * 0.3), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.of(rps));
    Map<Metric, Distribution> distributions = new EnumMap<>(Metric.class);
    distributions.put(Metric.LATENCY, distribution(Metric.LATENCY, total - failed, avgLatency,
        p99Latency));
    distributions.put(Metric.TTFT, distribution(Metric.TTFT, total - failed, avgTtft, p99Ttft));
    return new RunReport(info("parallel_" + parallel + "_number_" + total, parallel, total), false,
        Duration.ofSeconds(1), total, total - failed, failed, total, 0, Map.of(), Map.of(),
        summary, distributions, List.of());
  }

  /** Returns a point of one run of {@code report} at {@code value}. */
  static SlaPoint point(double value, RunReport report) {
    return new SlaPoint(SlaVariable.PARALLEL, value, report.totalRequests(), List.of(report),
        SlaAverages.average(List.of(report), info("parallel_" + (long) value, (int) value,
            report.totalRequests())));
  }

  private static Distribution distribution(Metric metric, long count, double typical,
      double p99) {
    List<Percentile> points = new ArrayList<>();
    for (int i = 0; i < RANKS.length; i++) {
      points.add(new Percentile(RANKS[i], LABELS[i], RANKS[i] >= 99 ? p99 : typical));
    }
    return new Distribution(metric, count, OptionalDouble.of(typical), points);
  }
}
