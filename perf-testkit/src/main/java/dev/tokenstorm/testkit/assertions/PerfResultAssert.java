package dev.tokenstorm.testkit.assertions;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Assertions on a whole {@link PerfResult}. The checks of {@link AbstractRunsAssert} apply to
 * every run of the sweep and list each run that breaks them; {@link #run(String)} and {@link
 * #singleRun()} narrow the assertion to one run.
 *
 * {@snippet :
 * PerfAssertions.assertThat(result)
 *     .hasRunCount(3)
 *     .hasSuccessRateAtLeast(0.99)
 *     .run("parallel_8_number_80").hasP99TtftAtMost(Duration.ofMillis(800));
 * }
 */
public final class PerfResultAssert extends AbstractRunsAssert<PerfResultAssert, PerfResult> {

  PerfResultAssert(PerfResult actual) {
    super(actual, PerfResultAssert.class);
  }

  @Override
  List<RunReport> reports() {
    return actual.runs();
  }

  /** Checks that the sweep has {@code count} runs. */
  public PerfResultAssert hasRunCount(int count) {
    isNotNull();
    if (actual.runs().size() != count) {
      failWithMessage("%s", "Expected " + count + (count == 1 ? " run" : " runs")
          + " but the result has "
          + actual.runs().size() + names());
    }
    return this;
  }

  /** Checks that the sweep was not cancelled. */
  @Override
  public PerfResultAssert isNotCancelled() {
    isNotNull();
    if (actual.cancelled()) {
      failWithMessage("%s", "Expected the sweep not to be cancelled but it was, after "
          + actual.runs().size() + " runs" + names());
    }
    return super.isNotCancelled();
  }

  /** Returns assertions on the run named {@code name}, such as {@code parallel_4_number_40}. */
  public RunReportAssert run(String name) {
    isNotNull();
    for (RunReport report : actual.runs()) {
      if (report.run().name().equals(name)) {
        return narrowed(report);
      }
    }
    failWithMessage("%s", "Expected a run named '" + name + "' but the result has"
        + (actual.runs().isEmpty() ? " no runs" : names()));
    throw new IllegalStateException("unreachable");
  }

  /** Returns assertions on the only run; fails if the sweep has more or fewer. */
  public RunReportAssert singleRun() {
    hasRunCount(1);
    return narrowed(actual.runs().get(0));
  }

  /** Applies {@code requirements} to each run's assertions in order. */
  public PerfResultAssert allRunsSatisfy(Consumer<RunReportAssert> requirements) {
    isNotNull();
    for (RunReport report : actual.runs()) {
      requirements.accept(narrowed(report));
    }
    return this;
  }

  private RunReportAssert narrowed(RunReport report) {
    RunReportAssert narrowed = new RunReportAssert(report);
    if (info.description() != null && !info.descriptionText().isEmpty()) {
      narrowed.as(info.description());
    }
    return narrowed;
  }

  private String names() {
    return actual.runs().stream().map(r -> "'" + r.run().name() + "'")
        .collect(Collectors.joining(", ", ": ", ""));
  }
}
