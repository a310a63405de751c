package dev.tokenstorm.testkit.assertions;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RunReport;

/**
 * Entry point of the Tokenstorm assertions: service-level objectives on benchmark results, for
 * JUnit 5 tests, in AssertJ's style.
 *
 * {@snippet :
 * import static dev.tokenstorm.testkit.assertions.PerfAssertions.assertThat;
 *
 * PerfResult result = PerfRun.builder().url(url).model("m").prompt("hi")
 *     .parallel(4).number(40).build().run();
 * assertThat(result)
 *     .hasP99TtftAtMost(Duration.ofMillis(500))
 *     .hasSuccessRateAtLeast(0.99)
 *     .hasOutputThroughputAtLeast(200)
 *     .hasNoWarningsOtherThan("fewer than 100 samples");
 * }
 *
 * <p>Failure messages name the measured value with its unit, the limit and the run, such as
 * {@code Expected p99 TTFT of run 'parallel_4_number_40' to be at most 500 ms but was 812.4 ms}.
 */
public final class PerfAssertions {

  private PerfAssertions() {}

  /** Returns assertions whose checks apply to every run of {@code actual}. */
  public static PerfResultAssert assertThat(PerfResult actual) {
    return new PerfResultAssert(actual);
  }

  /** Returns assertions on one run. */
  public static RunReportAssert assertThat(RunReport actual) {
    return new RunReportAssert(actual);
  }
}
