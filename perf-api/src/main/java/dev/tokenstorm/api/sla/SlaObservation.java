package dev.tokenstorm.api.sla;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The measured value behind one criterion at one point.
 *
 * @param criterion the criterion
 * @param actual the averaged value in the criterion's unit. It is empty when the runs had no
 *     samples for it (such as TTFT without streaming), and then the criterion fails.
 * @param met whether the value meets the criterion; optimisation goals are met whenever the value
 *     is present
 */
public record SlaObservation(SlaCriterion criterion, OptionalDouble actual, boolean met) {

  public SlaObservation {
    Objects.requireNonNull(criterion, "criterion");
    Objects.requireNonNull(actual, "actual");
  }
}
