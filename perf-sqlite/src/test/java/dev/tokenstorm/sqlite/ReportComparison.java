package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.RunSummary;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Compares a report recomputed from stored records with the one the run produced. Means and
 * averages are sums of doubles, and the store may list records in another order than the engine
 * added them, so those values may differ in the last bits; everything else must be equal.
 */
final class ReportComparison {

  private static final double RELATIVE_TOLERANCE = 1e-9;

  private ReportComparison() {}

  static void assertSameReport(RunReport actual, RunReport expected) throws Exception {
    assertSameSummary(actual.summary(), expected.summary());
    assertThat(actual.distributions().keySet()).isEqualTo(expected.distributions().keySet());
    for (Map.Entry<Metric, Distribution> entry : expected.distributions().entrySet()) {
      Distribution want = entry.getValue();
      Distribution got = actual.distributions().get(entry.getKey());
      assertThat(got.count()).as("%s count", entry.getKey()).isEqualTo(want.count());
      assertThat(got.percentiles()).as("%s percentiles", entry.getKey())
          .isEqualTo(want.percentiles());
      assertClose(entry.getKey() + " mean", got.mean(), want.mean());
    }
  }

  static void assertSameSummary(RunSummary actual, RunSummary expected) throws Exception {
    for (RecordComponent component : RunSummary.class.getRecordComponents()) {
      OptionalDouble got = (OptionalDouble) component.getAccessor().invoke(actual);
      OptionalDouble want = (OptionalDouble) component.getAccessor().invoke(expected);
      assertClose(component.getName(), got, want);
    }
  }

  private static void assertClose(String name, OptionalDouble got, OptionalDouble want) {
    assertThat(got.isPresent()).as("%s present", name).isEqualTo(want.isPresent());
    if (want.isPresent()) {
      double tolerance = Math.abs(want.getAsDouble()) * RELATIVE_TOLERANCE;
      assertThat(got.getAsDouble()).as(name).isCloseTo(want.getAsDouble(), within(tolerance));
    }
  }
}
