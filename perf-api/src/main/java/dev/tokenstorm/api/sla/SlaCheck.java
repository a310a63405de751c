package dev.tokenstorm.api.sla;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one measured point against one group of criteria.
 *
 * @param point the measured point
 * @param passed whether the failure rate is within the allowed rate and every criterion is met
 * @param observations the measured value of each criterion of the group, in the group's order
 * @param failure why the point failed, such as {@code p99_latency = 0.16 s, needs <= 0.075 s};
 *     empty when it passed
 */
public record SlaCheck(
    SlaPoint point, boolean passed, List<SlaObservation> observations, Optional<String> failure) {

  public SlaCheck {
    Objects.requireNonNull(point, "point");
    observations = List.copyOf(observations);
    Objects.requireNonNull(failure, "failure");
    if (passed == failure.isPresent()) {
      throw new IllegalArgumentException("a failure reason is given exactly when the check failed");
    }
  }
}
