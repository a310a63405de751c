package dev.tokenstorm.api.sla;

import dev.tokenstorm.api.result.PerfResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of SLA tuning: the best value for each group of criteria, and every measured point.
 *
 * @param variable the tuned variable
 * @param groups one result per criteria group, in the tuning's order
 * @param points every measured value, in the order first measured, with its runs and averages; a
 *     value is measured once however many groups use it
 * @param measurements every run of every point in the order run, as a sweep result; its
 *     {@link PerfResult#outputRoot()} is the tuning's output folder
 * @param cancelled whether the tuning was cancelled before every search ended
 * @param table the plain-text result table (columns Criteria, Variable, Best, Note), as logged
 */
public record SlaResult(
    SlaVariable variable,
    List<SlaGroupResult> groups,
    List<SlaPoint> points,
    PerfResult measurements,
    boolean cancelled,
    String table) {

  public SlaResult {
    Objects.requireNonNull(variable, "variable");
    groups = List.copyOf(groups);
    points = List.copyOf(points);
    Objects.requireNonNull(measurements, "measurements");
    Objects.requireNonNull(table, "table");
  }

  /** Returns the tuning's output folder, if files were written. */
  public Optional<Path> outputDirectory() {
    return measurements.outputDirectory();
  }

  /**
   * Returns the best value of the only group.
   *
   * @throws IllegalStateException if the tuning had more than one group
   */
  public OptionalDouble best() {
    if (groups.size() != 1) {
      throw new IllegalStateException("best() needs exactly one criteria group but there are "
          + groups.size() + "; use groups().get(i).best()");
    }
    return groups.get(0).best();
  }

  /** Returns the measured point of {@code value}, if it was measured. */
  public Optional<SlaPoint> point(double value) {
    return points.stream().filter(p -> p.value() == value).findFirst();
  }
}
