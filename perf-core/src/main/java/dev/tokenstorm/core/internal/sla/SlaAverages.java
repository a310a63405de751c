package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Averages the repeated runs of one measured value into one report, as evalscope averages its
 * summaries and percentile tables. One difference: a value missing from some runs is the mean of
 * the runs that have it, where evalscope counts those runs as 0.
 */
final class SlaAverages {

  private SlaAverages() {}

  /**
   * Returns the average of {@code runs} described by {@code info}: every summary value and every
   * percentile is the mean over the runs that have it, every count is the mean rounded to a whole
   * number, the duration is the mean duration, the warnings are the distinct warnings of all runs,
   * and the report is cancelled if any run was.
   */
  static RunReport average(List<RunReport> runs, RunInfo info) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to average");
    }
    long durationNanos = Math.round(runs.stream()
        .mapToLong(r -> r.duration().toNanos()).average().orElse(0));
    LinkedHashSet<String> warnings = new LinkedHashSet<>();
    runs.forEach(r -> warnings.addAll(r.warnings()));
    return new RunReport(info,
        runs.stream().anyMatch(RunReport::cancelled),
        Duration.ofNanos(durationNanos),
        meanCount(runs, RunReport::totalRequests),
        meanCount(runs, RunReport::successRequests),
        meanCount(runs, RunReport::failedRequests),
        meanCount(runs, RunReport::streamRequests),
        meanCount(runs, RunReport::nonStreamRequests),
        meanCounts(runs, RunReport::failuresByKind),
        meanCounts(runs, RunReport::tokenSources),
        summary(runs),
        distributions(runs),
        List.copyOf(warnings));
  }

  private static RunSummary summary(List<RunReport> runs) {
    return new RunSummary(
        mean(runs, RunSummary::requestThroughput),
        mean(runs, RunSummary::avgLatencySeconds),
        mean(runs, RunSummary::avgTtftMillis),
        mean(runs, RunSummary::avgTtfcMillis),
        mean(runs, RunSummary::avgTpotMillis),
        mean(runs, RunSummary::avgItlMillis),
        mean(runs, RunSummary::avgInputTokens),
        mean(runs, RunSummary::avgOutputTokens),
        mean(runs, RunSummary::outputThroughput),
        mean(runs, RunSummary::totalThroughput),
        mean(runs, RunSummary::inputThroughput),
        mean(runs, RunSummary::inputThroughputPerRequest),
        mean(runs, RunSummary::avgQueueTimeMillis),
        mean(runs, RunSummary::p99ClientLagMillis),
        mean(runs, RunSummary::avgLatencyFromScheduleSeconds),
        mean(runs, RunSummary::achievedRate));
  }

  private static OptionalDouble mean(List<RunReport> runs,
      Function<RunSummary, OptionalDouble> field) {
    return runs.stream()
        .map(r -> field.apply(r.summary()))
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .average();
  }

  private static Map<Metric, Distribution> distributions(List<RunReport> runs) {
    Map<Metric, Distribution> result = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      List<Distribution> present = runs.stream()
          .map(r -> r.distribution(metric))
          .flatMap(Optional::stream)
          .toList();
      if (!present.isEmpty()) {
        result.put(metric, averageDistribution(metric, present));
      }
    }
    return result;
  }

  private static Distribution averageDistribution(Metric metric, List<Distribution> present) {
    long count = Math.round(present.stream().mapToLong(Distribution::count).average().orElse(0));
    OptionalDouble mean = present.stream()
        .map(Distribution::mean)
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .average();
    Distribution first = present.stream()
        .filter(d -> !d.percentiles().isEmpty())
        .findFirst()
        .orElse(present.get(0));
    List<Percentile> percentiles = new ArrayList<>();
    for (Percentile point : first.percentiles()) {
      OptionalDouble value = present.stream()
          .map(d -> d.at(point.rank()))
          .filter(OptionalDouble::isPresent)
          .mapToDouble(OptionalDouble::getAsDouble)
          .average();
      percentiles.add(new Percentile(point.rank(), point.label(), value.orElseThrow()));
    }
    return new Distribution(metric, count, mean, percentiles);
  }

  private static long meanCount(List<RunReport> runs, ToLongFunction<RunReport> count) {
    return Math.round(runs.stream().mapToLong(count).average().orElse(0));
  }

  private static <K extends Enum<K>> Map<K, Long> meanCounts(List<RunReport> runs,
      Function<RunReport, Map<K, Long>> counts) {
    Map<K, Long> sums = new HashMap<>();
    for (RunReport run : runs) {
      counts.apply(run).forEach((key, n) -> sums.merge(key, n, Long::sum));
    }
    Map<K, Long> means = new HashMap<>();
    sums.forEach((key, sum) -> {
      long mean = Math.round((double) sum / runs.size());
      if (mean > 0) {
        means.put(key, mean);
      }
    });
    return means;
  }
}
