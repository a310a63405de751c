package dev.tokenstorm.testkit.assertions;

import dev.tokenstorm.api.result.RunReport;
import java.util.List;

/**
 * Assertions on one run's {@link RunReport}; see {@link AbstractRunsAssert} for the checks.
 *
 * {@snippet :
 * PerfAssertions.assertThat(result.single())
 *     .hasP99TtftAtMost(Duration.ofMillis(500))
 *     .hasNoFailedRequests();
 * }
 */
public final class RunReportAssert extends AbstractRunsAssert<RunReportAssert, RunReport> {

  RunReportAssert(RunReport actual) {
    super(actual, RunReportAssert.class);
  }

  @Override
  List<RunReport> reports() {
    return List.of(actual);
  }
}
