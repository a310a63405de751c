package dev.tokenstorm.core.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.sla.SlaOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SlaValueSearchTest {

  private final List<Double> visited = new ArrayList<>();

  private ValueSearch.Judge judge(DoublePredicate passes) {
    return value -> {
      visited.add(value);
      return passes.test(value);
    };
  }

  private ValueSearch.Scorer scorer(DoublePredicate admissible, DoubleUnaryOperator score) {
    return value -> {
      visited.add(value);
      return admissible.test(value) ? OptionalDouble.of(score.applyAsDouble(value))
          : OptionalDouble.empty();
    };
  }

  @Test
  void concurrencyBoundaryFoundByDoublingThenBisecting() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.integers(1, 64), 1,
        judge(v -> v <= 13));

    assertThat(result.outcome()).isEqualTo(SlaOutcome.SATISFIED);
    assertThat(result.best()).hasValue(13);
    assertThat(visited).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 12.0, 14.0, 13.0);
  }

  @Test
  void concurrencyBoundaryFoundByHalvingFromAbove() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.integers(1, 64), 40,
        judge(v -> v <= 13));

    assertThat(result.best()).hasValue(13);
    assertThat(visited).containsExactly(40.0, 20.0, 10.0, 15.0, 12.0, 13.0, 14.0);
  }

  @Test
  void everyValueIsJudgedOnce() throws Exception {
    for (int boundary = 1; boundary <= 100; boundary++) {
      visited.clear();
      int limit = boundary;
      ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.integers(1, 100), 7,
          judge(v -> v <= limit));

      assertThat(result.best()).as("boundary %d", boundary).hasValue(boundary);
      assertThat(new HashSet<>(visited)).as("boundary %d", boundary).hasSameSizeAs(visited);
    }
  }

  @Test
  void goalNeverMetFailsAtTheLowerBound() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.integers(1, 64), 8,
        judge(v -> false));

    assertThat(result.outcome()).isEqualTo(SlaOutcome.FAILED_AT_LOWER_BOUND);
    assertThat(result.best()).isEmpty();
    assertThat(visited).containsExactly(8.0, 4.0, 2.0, 1.0);
  }

  @Test
  void goalAlwaysMetStopsAtTheUpperBound() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.integers(1, 20), 3,
        judge(v -> true));

    assertThat(result.outcome()).isEqualTo(SlaOutcome.UPPER_BOUND_REACHED);
    assertThat(result.best()).hasValue(20);
    assertThat(visited).containsExactly(3.0, 6.0, 12.0, 20.0);
  }

  @Test
  void startOutsideTheBoundsIsClamped() throws Exception {
    ValueSearch.largestPassing(SearchDomain.integers(2, 64), 100, judge(v -> v <= 40));
    assertThat(visited.get(0)).isEqualTo(64.0);

    visited.clear();
    ValueSearch.largestPassing(SearchDomain.integers(2, 64), 1, judge(v -> v <= 40));
    assertThat(visited.get(0)).isEqualTo(2.0);
  }

  @Test
  void rateSearchStopsAtTheTolerance() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.reals(0.5, 100, 0.05), 1,
        judge(v -> v <= 7.3));

    assertThat(result.outcome()).isEqualTo(SlaOutcome.SATISFIED);
    assertThat(result.best().getAsDouble()).isLessThanOrEqualTo(7.3).isGreaterThan(7.3 / 1.05);
    assertThat(result.best().getAsDouble()).isNotEqualTo(Math.rint(result.best().getAsDouble()));
    assertThat(new HashSet<>(visited)).hasSameSizeAs(visited);
  }

  @Test
  void rateBelowOneRequestPerSecondIsFound() throws Exception {
    ValueSearch.Result result = ValueSearch.largestPassing(SearchDomain.reals(0.1, 100, 0.02), 1,
        judge(v -> v <= 0.3));

    assertThat(result.best().getAsDouble()).isLessThanOrEqualTo(0.3).isGreaterThan(0.3 / 1.02);
    assertThat(visited.subList(0, 3)).containsExactly(1.0, 0.5, 0.25);
  }

  @Test
  void maximiseFindsThePeakAboveTheStart() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.integers(1, 256), 1,
        scorer(v -> true, v -> 100 - (v - 23) * (v - 23)), true);

    assertThat(result.outcome()).isEqualTo(SlaOutcome.OPTIMISED);
    assertThat(result.best()).hasValue(23);
    assertThat(result.goalValue()).hasValue(100);
    assertThat(new HashSet<>(visited)).hasSameSizeAs(visited);
  }

  @Test
  void minimiseFindsTheValleyBelowTheStart() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.integers(1, 256), 64,
        scorer(v -> true, v -> Math.abs(v - 5) + 10), false);

    assertThat(result.best()).hasValue(5);
    assertThat(result.goalValue()).hasValue(10);
    assertThat(visited.subList(0, 3)).containsExactly(64.0, 128.0, 32.0);
  }

  @Test
  void optimisationKeepsToAdmissibleValues() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.integers(1, 128), 100,
        scorer(v -> v <= 40, v -> v), true);

    assertThat(result.best()).hasValue(40);
    assertThat(visited.subList(0, 3)).containsExactly(100.0, 50.0, 25.0);
  }

  @Test
  void optimisationWithoutAdmissibleValueFails() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.integers(1, 128), 4,
        scorer(v -> false, v -> v), true);

    assertThat(result.outcome()).isEqualTo(SlaOutcome.FAILED_AT_LOWER_BOUND);
    assertThat(result.best()).isEmpty();
    assertThat(visited).containsExactly(4.0, 2.0, 1.0);
  }

  @Test
  void optimisationOnRatesRefinesToTheTolerance() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.reals(1, 1000, 0.01), 10,
        scorer(v -> true, v -> -Math.abs(Math.log(v / 37.0))), true);

    assertThat(result.best().getAsDouble()).isCloseTo(37.0, within(37.0 * 0.02));
  }

  @Test
  void tiesKeepTheFirstBestValue() throws Exception {
    ValueSearch.Result result = ValueSearch.optimise(SearchDomain.integers(1, 64), 8,
        scorer(v -> true, v -> 1.0), true);

    assertThat(result.best()).hasValue(8);
    assertThat(visited).containsExactly(8.0, 16.0, 4.0, 6.0, 12.0, 10.0, 7.0, 9.0);
  }
}
