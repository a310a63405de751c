package dev.tokenstorm.api.sla;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of the search for one group of criteria, which must all be met at once.
 *
 * @param index 0-based position of the group in the tuning's criteria
 * @param criteria the group's criteria; empty means "no failures beyond the allowed rate"
 * @param outcome how the search ended
 * @param best the best value of the tuned variable: the largest passing value, or the value with
 *     the best goal value; empty when no value passed
 * @param goalValue for an optimisation goal, the goal measure's value at {@code best}
 * @param note a short explanation for tables, such as {@code Satisfied} or
 *     {@code Failed at lower bound (1)}
 * @param checks every point judged for this group, in the order the search visited them
 */
public record SlaGroupResult(
    int index,
    List<SlaCriterion> criteria,
    SlaOutcome outcome,
    OptionalDouble best,
    OptionalDouble goalValue,
    String note,
    List<SlaCheck> checks) {

  public SlaGroupResult {
    criteria = List.copyOf(criteria);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(best, "best");
    Objects.requireNonNull(goalValue, "goalValue");
    Objects.requireNonNull(note, "note");
    checks = List.copyOf(checks);
  }

  /** Returns the check of the best value, if there is one. */
  public Optional<SlaCheck> bestCheck() {
    if (best.isEmpty()) {
      return Optional.empty();
    }
    double value = best.getAsDouble();
    return checks.stream().filter(c -> c.point().value() == value).findFirst();
  }

  /** Returns the criteria joined for display, such as {@code p99_latency <= 2 s, rps >= 5 req/s}. */
  public String describeCriteria() {
    return criteria.isEmpty() ? "(no criteria: failure rate only)"
        : String.join(", ", criteria.stream().map(SlaCriterion::toString).toList());
  }
}
