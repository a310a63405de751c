package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.sla.SlaCheck;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaGroupResult;
import dev.tokenstorm.api.sla.SlaOperator;
import dev.tokenstorm.api.sla.SlaOutcome;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.core.SlaTuning;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Searches every criteria group of a tuning in turn and measures each value at most once: a value
 * measured for one group is reused, without a new measurement, by every later group.
 *
 * <p>Not thread-safe. Each tuning creates its own searcher.
 */
final class SlaSearcher {

  /** Measures one value of the tuned variable; throws {@link SlaCancelledException} if cancelled. */
  @FunctionalInterface
  interface Measurer {
    SlaPoint measure(double value) throws InterruptedException;
  }

  private final SlaTuning tuning;
  private final double start;
  private final Measurer measurer;
  private final Consumer<String> progress;
  private final Map<Double, SlaPoint> cache = new HashMap<>();
  private final List<SlaPoint> points = new ArrayList<>();
  private boolean cancelled;

  /**
   * Creates a searcher that starts every group at {@code start} (clamped to the bounds) and
   * reports each judged point as a line to {@code progress}.
   */
  SlaSearcher(SlaTuning tuning, double start, Measurer measurer, Consumer<String> progress) {
    this.tuning = tuning;
    this.start = start;
    this.measurer = measurer;
    this.progress = progress;
  }

  /** Searches every group and returns their results, in the tuning's order. */
  List<SlaGroupResult> searchAll() throws InterruptedException {
    List<SlaGroupResult> results = new ArrayList<>();
    List<List<SlaCriterion>> groups = tuning.groups();
    for (int i = 0; i < groups.size(); i++) {
      results.add(search(i, groups.get(i)));
    }
    return results;
  }

  /** Returns every measured point, in the order first measured. */
  List<SlaPoint> points() {
    return List.copyOf(points);
  }

  /** Returns whether a search ended because the tuning was cancelled. */
  boolean cancelled() {
    return cancelled;
  }

  private SlaGroupResult search(int index, List<SlaCriterion> group) throws InterruptedException {
    Map<Double, SlaCheck> checks = new LinkedHashMap<>();
    Optional<SlaCriterion> goal = group.stream().filter(SlaCriterion::isOptimisation).findFirst();
    ValueSearch.Result result;
    try {
      if (goal.isPresent()) {
        boolean maximise = goal.get().operator() == SlaOperator.MAXIMISE;
        result = ValueSearch.optimise(domain(), start,
            v -> SlaEvaluator.goalValue(check(index, group, checks, v), goal.get()), maximise);
      } else {
        result = ValueSearch.largestPassing(domain(), start,
            v -> check(index, group, checks, v).passed());
      }
    } catch (SlaCancelledException e) {
      cancelled = true;
      result = bestSoFar(checks, goal);
    }
    return new SlaGroupResult(index, group, result.outcome(), result.best(), result.goalValue(),
        note(result, goal), List.copyOf(checks.values()));
  }

  private SlaCheck check(int index, List<SlaCriterion> group, Map<Double, SlaCheck> checks,
      double value) throws InterruptedException {
    SlaCheck known = checks.get(value);
    if (known != null) {
      return known;
    }
    SlaCheck check = SlaEvaluator.check(point(value), group, tuning.maxFailureRate());
    checks.put(value, check);
    progress.accept("group " + (index + 1) + ", " + tuning.variable().key() + " "
        + formatValue(value) + ": " + (check.passed() ? "passed" : "failed, " + check.failure()
            .orElse("")));
    return check;
  }

  private SlaPoint point(double value) throws InterruptedException {
    SlaPoint known = cache.get(value);
    if (known != null) {
      return known;
    }
    SlaPoint point = measurer.measure(value);
    cache.put(value, point);
    points.add(point);
    return point;
  }

  private SearchDomain domain() {
    return tuning.variable() == SlaVariable.PARALLEL
        ? SearchDomain.integers(tuning.lowerBound(), tuning.upperBound())
        : SearchDomain.reals(tuning.lowerBound(), tuning.upperBound(), tuning.rateTolerance());
  }

  /** Returns the best value among the checks made before the cancellation. */
  private static ValueSearch.Result bestSoFar(Map<Double, SlaCheck> checks,
      Optional<SlaCriterion> goal) {
    if (goal.isEmpty()) {
      OptionalDouble best = checks.values().stream()
          .filter(SlaCheck::passed)
          .mapToDouble(c -> c.point().value())
          .max();
      return new ValueSearch.Result(SlaOutcome.CANCELLED, best, OptionalDouble.empty());
    }
    boolean maximise = goal.get().operator() == SlaOperator.MAXIMISE;
    Comparator<Map.Entry<Double, Double>> order = Map.Entry.comparingByValue();
    Optional<Map.Entry<Double, Double>> best = checks.values().stream()
        .filter(c -> SlaEvaluator.goalValue(c, goal.get()).isPresent())
        .map(c -> Map.entry(c.point().value(), SlaEvaluator.goalValue(c, goal.get()).getAsDouble()))
        .max(maximise ? order : order.reversed());
    return best.map(e -> new ValueSearch.Result(SlaOutcome.CANCELLED,
            OptionalDouble.of(e.getKey()), OptionalDouble.of(e.getValue())))
        .orElse(new ValueSearch.Result(SlaOutcome.CANCELLED, OptionalDouble.empty(),
            OptionalDouble.empty()));
  }

  private String note(ValueSearch.Result result, Optional<SlaCriterion> goal) {
    return switch (result.outcome()) {
      case SATISFIED -> "Satisfied";
      case UPPER_BOUND_REACHED ->
          "Satisfied up to the upper bound (" + formatValue(tuning.upperBound()) + ")";
      case FAILED_AT_LOWER_BOUND ->
          "Failed at lower bound (" + formatValue(tuning.lowerBound()) + ")";
      case OPTIMISED -> "Best " + goal.orElseThrow().measure().name() + ": "
          + SlaEvaluator.format(result.goalValue().getAsDouble()) + " "
          + goal.orElseThrow().measure().unit();
      case CANCELLED -> result.best().isPresent()
          ? "Cancelled; best so far " + formatValue(result.best().getAsDouble())
          : "Cancelled";
    };
  }

  /** Returns a value of the tuned variable as text: {@code 8}, {@code 12.5}. */
  static String formatValue(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
