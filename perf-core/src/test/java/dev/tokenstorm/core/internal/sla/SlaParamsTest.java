package dev.tokenstorm.core.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class SlaParamsTest {

  private final List<String> warnings = new ArrayList<>();

  private SlaCriterion parse(String name, String condition) {
    return SlaParams.criterion(name, condition, warnings);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "<=2    | AT_MOST",
      "<2     | BELOW",
      ">=2    | AT_LEAST",
      ">2     | ABOVE",
      "<= 2   | AT_MOST",
      "'  >=2.0 ' | AT_LEAST",
      "\u22642 | AT_MOST",
      "\u22652 | AT_LEAST",
      "\u22672 | AT_LEAST",
      "<=\u20062 | AT_MOST"})
  void comparisonOperatorsParseWithThreshold(String condition, SlaOperator operator) {
    SlaCriterion criterion = parse("avg_latency", condition);

    assertThat(criterion.operator()).isEqualTo(operator);
    assertThat(criterion.threshold()).isEqualTo(OptionalDouble.of(2.0));
    assertThat(criterion.measure()).isEqualTo(Sla.avg(Metric.LATENCY));
  }

  @Test
  void maxAndMinParseAsGoalsIgnoringCase() {
    assertThat(parse("tps", "max")).isEqualTo(Sla.outputThroughput().maximise());
    assertThat(parse("avg_latency", " MIN ")).isEqualTo(Sla.avg(Metric.LATENCY).minimise());
  }

  @Test
  void bareNumbersUseTheMeasuresUnit() {
    assertThat(parse("p99_latency", "<=2").threshold()).hasValue(2.0);
    assertThat(parse("avg_ttft", "<=500").threshold()).hasValue(500.0);
    assertThat(parse("p90_tpot", "<40").threshold()).hasValue(40.0);
    assertThat(parse("rps", ">=12.5").threshold()).hasValue(12.5);
    assertThat(warnings).isEmpty();
  }

  @Test
  void unitSuffixesConvertToTheMeasuresUnit() {
    assertThat(parse("p99_latency", "<=500ms").threshold()).hasValue(0.5);
    assertThat(parse("p99_latency", "<= 1.5 s").threshold()).hasValue(1.5);
    assertThat(parse("avg_ttft", "<0.5s").threshold()).hasValue(500.0);
    assertThat(parse("p99_ttft", "<=250MS").threshold()).hasValue(250.0);
    assertThat(parse("avg_tpot", "<=1e-2s").threshold()).hasValue(10.0);
  }

  @Test
  void typedCriteriaMatchTheJsonSyntax() {
    assertThat(parse("p99_ttft", "<=500ms"))
        .isEqualTo(Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500)));
    assertThat(parse("avg_latency", "<2"))
        .isEqualTo(Sla.avg(Metric.LATENCY).below(Duration.ofSeconds(2)));
    assertThat(Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500)).toString())
        .isEqualTo("p99_ttft <= 500 ms");
    assertThat(Sla.avg(Metric.LATENCY).below(Duration.ofMillis(1500)).toString())
        .isEqualTo("avg_latency < 1.5 s");
  }

  @Test
  void measureNamesCoverEveryFormOfMetric() {
    assertThat(SlaParams.measure("avg_latency")).isEqualTo(Sla.avg(Metric.LATENCY));
    assertThat(SlaParams.measure("p50_ttft")).isEqualTo(Sla.p50(Metric.TTFT));
    assertThat(SlaParams.measure("p90_tpot")).isEqualTo(Sla.p90(Metric.TPOT));
    assertThat(SlaParams.measure("p99.9_itl")).isEqualTo(Sla.percentile(Metric.ITL, 99.9));
    assertThat(SlaParams.measure("p95_output_tokens"))
        .isEqualTo(Sla.percentile(Metric.OUTPUT_TOKENS, 95));
    assertThat(SlaParams.measure("max_latency")).isEqualTo(Sla.percentile(Metric.LATENCY, 100));
    assertThat(SlaParams.measure("min_ttfc")).isEqualTo(Sla.percentile(Metric.TTFC, 0));
    assertThat(SlaParams.measure("avg_decode_throughput"))
        .isEqualTo(Sla.avg(Metric.DECODE_THROUGHPUT));
    assertThat(SlaParams.measure("RPS")).isEqualTo(Sla.requestThroughput());
    assertThat(SlaParams.measure("tps")).isEqualTo(Sla.outputThroughput());
  }

  @Test
  void measureNamesRoundTrip() {
    for (Metric metric : Metric.values()) {
      for (double rank : List.of(0.0, 50.0, 99.0, 99.9, 100.0)) {
        var measure = Sla.percentile(metric, rank);
        assertThat(SlaParams.measure(measure.name())).isEqualTo(measure);
      }
      assertThat(SlaParams.measure(Sla.avg(metric).name())).isEqualTo(Sla.avg(metric));
    }
  }

  @Test
  void unknownMetricListsTheKnownForms() {
    assertThatThrownBy(() -> SlaParams.measure("p99_latncy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metric 'p99_latncy' is not known; use rps, tps, or avg_, p50_,"
            + " p90_, p99_ (any reported percentile), min_ or max_ followed by one of latency,"
            + " ttft, ttfc, itl, tpot, input_tokens");
    assertThatThrownBy(() -> SlaParams.measure("latency"))
        .hasMessageStartingWith("metric 'latency' is not known");
  }

  @Test
  void unreportedPercentileIsRejected() {
    assertThatThrownBy(() -> SlaParams.measure("p97_latency"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'p97_latency' asks for percentile 97, which runs do not report; use"
            + " p1, p5, p10, p25, p50, p66, p75, p80, p90, p95, p98, p99 or p99.9 (or min_ and"
            + " max_)");
    assertThatThrownBy(() -> Sla.percentile(Metric.TTFT, 97))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("percentile rank 97.0 is not reported; use one of [0.0, 1.0");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "=<2", "==2", "2", "<=", "<=abc", "maximum", "<=2 2", "! <=2", "''"})
  void malformedConditionsAreRejected(String condition) {
    assertThatThrownBy(() -> parse("p99_latency", condition))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition '" + condition + "' is not understood; use <=, <, >= or > followed"
            + " by a number (with ms or s for times), or max or min");
  }

  @Test
  void unitOnANonTimeMeasureIsRejected() {
    assertThatThrownBy(() -> parse("rps", ">=5ms"))
        .hasMessage("condition '>=5ms' has the unit 'ms' but rps is measured in req/s; give a"
            + " plain number in req/s");
  }

  @Test
  void unknownUnitIsRejected() {
    assertThatThrownBy(() -> parse("avg_latency", "<=2min"))
        .hasMessage("condition '<=2min' has the unknown unit 'min'; use ms or s, or no unit for s");
  }

  @Test
  void nonStringConditionIsRejected() {
    assertThatThrownBy(() -> SlaParams.criterion("p99_latency", 2, warnings))
        .hasMessage("the condition must be a string such as \"<=2\", \"<500ms\" or \"max\" but was"
            + " 2");
  }

  @Test
  void durationThresholdForNonTimeMeasureIsRejected() {
    assertThatThrownBy(() -> Sla.requestThroughput().atLeast(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rps is measured in req/s, not in time, so its threshold cannot be a Duration;"
            + " pass a number in req/s");
  }

  @Test
  void subMillisecondBareThresholdWarnsAboutSeconds() {
    SlaCriterion criterion = parse("avg_tpot", "<=0.05");

    assertThat(criterion.threshold()).hasValue(0.05);
    assertThat(warnings).containsExactly("avg_tpot <=0.05 is read as 0.05 ms, because thresholds"
        + " without a unit are in the measure's unit; write 0.05s if seconds were meant");
  }

  @Test
  void documentParsesGroupsInOrder() {
    List<String> problems = new ArrayList<>();
    List<List<SlaCriterion>> groups = SlaParams.parse(
        "[{\"p99_latency\": \"<=2\", \"avg_ttft\": \"<500ms\"}, {\"tps\": \"max\"}]", "sla_params",
        problems, warnings);

    assertThat(problems).isEmpty();
    assertThat(groups).containsExactly(
        List.of(Sla.p99(Metric.LATENCY).atMost(2), Sla.avg(Metric.TTFT).below(500)),
        List.of(Sla.outputThroughput().maximise()));
  }

  @Test
  void bareObjectIsReadAsOneGroup() {
    List<String> problems = new ArrayList<>();
    List<List<SlaCriterion>> groups = SlaParams.parse(Map.of("rps", ">=3"), "sla_params",
        problems, warnings);

    assertThat(problems).isEmpty();
    assertThat(groups).containsExactly(List.of(Sla.requestThroughput().atLeast(3)));
  }

  @Test
  void documentErrorsNameTheGroupAndMetric() {
    List<String> problems = new ArrayList<>();
    List<List<SlaCriterion>> groups = SlaParams.parse(
        "[{\"p99_latency\": \"<=2\"}, {\"p99_latency\": \"=<2\", \"bogus\": \"<1\"}, {}, 5]",
        "sla_params", problems, warnings);

    assertThat(groups).containsExactly(List.of(Sla.p99(Metric.LATENCY).atMost(2)));
    assertThat(problems).hasSize(4);
    assertThat(problems.get(0)).isEqualTo("sla_params group 2, p99_latency: condition '=<2' is"
        + " not understood; use <=, <, >= or > followed by a number (with ms or s for times), or"
        + " max or min");
    assertThat(problems.get(1)).startsWith("sla_params group 2, bogus: metric 'bogus' is not"
        + " known");
    assertThat(problems.get(2)).isEqualTo("sla_params group 3 has no criteria; give at least one,"
        + " such as {\"p99_latency\": \"<=2\"}");
    assertThat(problems.get(3)).isEqualTo("sla_params group 4 must be an object such as"
        + " {\"p99_latency\": \"<=2\"} but was 5");
  }

  @Test
  void invalidJsonIsReported() {
    List<String> problems = new ArrayList<>();
    SlaParams.parse("[{\"p99_latency\": }]", "sla_params", problems, warnings);

    assertThat(problems).singleElement().asString()
        .startsWith("sla_params is not valid JSON (")
        .endsWith("): [{\"p99_latency\": }]; expected a list of objects such as"
            + " [{\"p99_latency\": \"<=2\"}]");
  }

  @Test
  void scalarDocumentIsReported() {
    List<String> problems = new ArrayList<>();
    SlaParams.parse("\"p99_latency<=2\"", "sla_params", problems, warnings);

    assertThat(problems).containsExactly("sla_params must be a list of objects such as"
        + " [{\"p99_latency\": \"<=2\"}] but was 'p99_latency<=2'");
  }

  @Test
  void groupsWithSeveralGoalsAreReported() {
    List<String> problems = new ArrayList<>();
    SlaParams.checkGroups(List.of(List.of(Sla.outputThroughput().maximise(),
        Sla.avg(Metric.LATENCY).minimise()), List.of()), "slaTuning", problems);

    assertThat(problems).containsExactly(
        "slaTuning group 1 has 2 optimisation goals [tps -> max, avg_latency -> min] but a group"
            + " can optimise only one measure; put each goal in its own group",
        "slaTuning group 2 has no criteria; give at least one");
  }
}
