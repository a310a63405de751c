package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.sla.SlaOutcome;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The search strategies of SLA tuning, independent of how a value is measured.
 *
 * <p>The constraint search assumes that passing is monotonic: if a value passes, every smaller
 * value passes. The optimisation search assumes that the goal measure has a single peak (or
 * valley) over the domain. Both call the judging function once per value they visit; caching
 * measurements across groups is the caller's job.
 */
final class ValueSearch {

  /** Judges whether a value meets the group's criteria. */
  @FunctionalInterface
  interface Judge {
    boolean passes(double value) throws InterruptedException;
  }

  /** Returns the goal measure at a value, or empty when the value is not admissible. */
  @FunctionalInterface
  interface Scorer {
    OptionalDouble score(double value) throws InterruptedException;
  }

  /**
   * The end of a search.
   *
   * @param outcome how it ended
   * @param best the best value; empty when nothing passed
   * @param goalValue the goal measure at {@code best}, for optimisation
   */
  record Result(SlaOutcome outcome, OptionalDouble best, OptionalDouble goalValue) {}

  private ValueSearch() {}

  /**
   * Finds the largest passing value. From {@code start}, the value is doubled while it passes (up
   * to the upper bound) or halved while it fails (down to the lower bound); the binary search then
   * narrows the gap between the largest pass and the smallest failure until they are adjacent.
   */
  static Result largestPassing(SearchDomain domain, double start, Judge judge)
      throws InterruptedException {
    double first = domain.start(start);
    double low;
    double high;
    if (judge.passes(first)) {
      low = first;
      while (true) {
        if (low >= domain.upper()) {
          return new Result(SlaOutcome.UPPER_BOUND_REACHED, OptionalDouble.of(low),
              OptionalDouble.empty());
        }
        double next = domain.up(low);
        if (!judge.passes(next)) {
          high = next;
          break;
        }
        low = next;
      }
    } else {
      high = first;
      while (true) {
        if (high <= domain.lower()) {
          return new Result(SlaOutcome.FAILED_AT_LOWER_BOUND, OptionalDouble.empty(),
              OptionalDouble.empty());
        }
        double next = domain.down(high);
        if (judge.passes(next)) {
          low = next;
          break;
        }
        high = next;
      }
    }
    OptionalDouble mid = domain.between(low, high);
    while (mid.isPresent()) {
      double value = mid.getAsDouble();
      if (judge.passes(value)) {
        low = value;
      } else {
        high = value;
      }
      mid = domain.between(low, high);
    }
    return new Result(SlaOutcome.SATISFIED, OptionalDouble.of(low), OptionalDouble.empty());
  }

  /**
   * Finds the value with the largest ({@code maximise}) or smallest goal measure among admissible
   * values. The search first halves from {@code start} until a value is admissible, then doubles
   * while the goal improves, or halves while it improves if the first doubling did not help, and
   * finally bisects the gaps on both sides of the best value until its neighbours are adjacent.
   * Ties do not count as improvements, so the search keeps the first value that reached the best
   * goal.
   */
  static Result optimise(SearchDomain domain, double start, Scorer scorer, boolean maximise)
      throws InterruptedException {
    TreeMap<Double, OptionalDouble> scores = new TreeMap<>();
    Scorer cached = value -> {
      OptionalDouble known = scores.get(value);
      if (known == null) {
        known = scorer.score(value);
        scores.put(value, known);
      }
      return known;
    };

    double best = domain.start(start);
    OptionalDouble bestScore = cached.score(best);
    while (bestScore.isEmpty() && best > domain.lower()) {
      best = domain.down(best);
      bestScore = cached.score(best);
    }
    if (bestScore.isEmpty()) {
      return new Result(SlaOutcome.FAILED_AT_LOWER_BOUND, OptionalDouble.empty(),
          OptionalDouble.empty());
    }

    double first = best;
    for (double current = best; current < domain.upper(); ) {
      double next = domain.up(current);
      OptionalDouble score = cached.score(next);
      if (!improves(score, bestScore, maximise)) {
        break;
      }
      best = next;
      bestScore = score;
      current = next;
    }
    if (best == first) {
      for (double current = best; current > domain.lower(); ) {
        double next = domain.down(current);
        OptionalDouble score = cached.score(next);
        if (!improves(score, bestScore, maximise)) {
          break;
        }
        best = next;
        bestScore = score;
        current = next;
      }
    }

    while (true) {
      Double left = scores.lowerKey(best);
      Double right = scores.higherKey(best);
      OptionalDouble leftMid = left == null ? OptionalDouble.empty() : domain.between(left, best);
      OptionalDouble rightMid = right == null ? OptionalDouble.empty() : domain.between(best, right);
      if (leftMid.isEmpty() && rightMid.isEmpty()) {
        break;
      }
      double probe;
      if (leftMid.isPresent() && rightMid.isPresent()) {
        // Bisect the wider gap first, in relative terms, because it contains more candidates.
        boolean leftWider = (best - left) / left >= (right - best) / best;
        probe = leftWider ? leftMid.getAsDouble() : rightMid.getAsDouble();
      } else {
        probe = leftMid.isPresent() ? leftMid.getAsDouble() : rightMid.getAsDouble();
      }
      OptionalDouble score = cached.score(probe);
      if (improves(score, bestScore, maximise)) {
        best = probe;
        bestScore = score;
      }
    }
    return new Result(SlaOutcome.OPTIMISED, OptionalDouble.of(best), bestScore);
  }

  private static boolean improves(OptionalDouble candidate, OptionalDouble best, boolean maximise) {
    if (candidate.isEmpty()) {
      return false;
    }
    double value = candidate.getAsDouble();
    double current = best.getAsDouble();
    return maximise ? value > current : value < current;
  }
}
