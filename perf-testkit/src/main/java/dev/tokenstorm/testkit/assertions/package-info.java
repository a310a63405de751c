/**
 * AssertJ assertions on the results of a {@code PerfRun}, for service-level checks in JUnit tests:
 * start with {@link dev.tokenstorm.testkit.assertions.PerfAssertions#assertThat}.
 *
 * {@snippet :
 * PerfResult result = PerfRun.builder().url(url).model("m").prompt("hi")
 *     .parallel(4).number(40).build().run();
 * PerfAssertions.assertThat(result)
 *     .hasP99TtftAtMost(Duration.ofMillis(500))
 *     .hasSuccessRateAtLeast(0.99)
 *     .hasOutputThroughputAtLeast(200);
 * }
 *
 * <p>A failed check names the measured value with its unit, the limit, and the run, such as
 * {@code Expected p99 TTFT of run 'parallel_4_number_40' to be at most 500 ms but was 812.4 ms}.
 */
@NullMarked
package dev.tokenstorm.testkit.assertions;

import org.jspecify.annotations.NullMarked;
