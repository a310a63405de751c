package dev.tokenstorm.core.internal.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaMeasure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Parses evalscope's {@code sla_params} syntax into typed criteria.
 *
 * <p>The value is a list of groups, each an object mapping a measure name to a condition, given as
 * JSON text or as already parsed lists and maps. A single object is read as one group (evalscope's
 * parser accepts it, but its configuration model rejects it). Conditions are {@code max},
 * {@code min}, or one of {@code <=}, {@code <}, {@code >=}, {@code >} followed by a number, after
 * evalscope's normalisation: surrounding whitespace trimmed, {@code ≤} read as {@code <=},
 * {@code ≥} and {@code ≧} as {@code >=}, and the six-per-em space (U+2006) removed. A number
 * without a unit is in the measure's unit, which for evalscope's names is the unit its code
 * compares: latency in seconds, TTFT and TPOT in milliseconds. A suffix {@code ms} or {@code s}
 * states the unit of a time threshold explicitly.
 */
public final class SlaParams {

  private static final Pattern CONDITION = Pattern.compile(
      "(<=|>=|<|>)\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([A-Za-z]*)");

  private static final Pattern PERCENTILE_NAME = Pattern.compile("p(\\d+(?:\\.\\d+)?)_(.+)");

  private SlaParams() {}

  /**
   * Parses {@code value} into criteria groups, adding a problem for every error (each naming
   * {@code parameter}, the group and the measure) and a warning for every threshold that is valid
   * but looks mistaken. Groups with errors are left out.
   */
  public static List<List<SlaCriterion>> parse(Object value, String parameter,
      List<String> problems, List<String> warnings) {
    Object document = value;
    if (value instanceof String text) {
      try {
        document = new ObjectMapper().readValue(text, Object.class);
      } catch (JsonProcessingException e) {
        problems.add(parameter + " is not valid JSON (" + e.getOriginalMessage() + "): "
            + abbreviate(text)
            + "; expected a list of objects such as [{\"p99_latency\": \"<=2\"}]");
        return List.of();
      }
    }
    List<?> rawGroups;
    if (document instanceof List<?> list) {
      rawGroups = list;
    } else if (document instanceof Map<?, ?> single) {
      rawGroups = List.of(single);
    } else {
      problems.add(parameter + " must be a list of objects such as [{\"p99_latency\": \"<=2\"}]"
          + " but was " + describe(document));
      return List.of();
    }
    List<List<SlaCriterion>> groups = new ArrayList<>();
    for (int i = 0; i < rawGroups.size(); i++) {
      String where = parameter + " group " + (i + 1);
      if (!(rawGroups.get(i) instanceof Map<?, ?> map)) {
        problems.add(where + " must be an object such as {\"p99_latency\": \"<=2\"} but was "
            + describe(rawGroups.get(i)));
        continue;
      }
      if (map.isEmpty()) {
        problems.add(where + " has no criteria; give at least one, such as"
            + " {\"p99_latency\": \"<=2\"}");
        continue;
      }
      List<SlaCriterion> group = new ArrayList<>();
      int before = problems.size();
      map.forEach((name, condition) -> {
        try {
          group.add(criterion(String.valueOf(name), condition, warnings));
        } catch (IllegalArgumentException e) {
          problems.add(where + ", " + name + ": " + e.getMessage());
        }
      });
      if (problems.size() == before) {
        groups.add(List.copyOf(group));
      }
    }
    return groups;
  }

  /**
   * Returns the criterion {@code name condition}, such as {@code p99_latency} with {@code "<=2"}.
   *
   * @throws IllegalArgumentException if the name or the condition is not understood
   */
  public static SlaCriterion criterion(String name, @Nullable Object condition,
      List<String> warnings) {
    SlaMeasure measure = measure(name);
    if (!(condition instanceof String text)) {
      throw new IllegalArgumentException("the condition must be a string such as \"<=2\", \"<500ms\""
          + " or \"max\" but was " + describe(condition));
    }
    String normalised = normalise(text);
    String lower = normalised.toLowerCase(Locale.ROOT);
    if (lower.equals("max")) {
      return measure.maximise();
    }
    if (lower.equals("min")) {
      return measure.minimise();
    }
    Matcher m = CONDITION.matcher(normalised);
    if (!m.matches()) {
      throw new IllegalArgumentException("condition '" + text + "' is not understood; use <=, <,"
          + " >= or > followed by a number (with ms or s for times), or max or min");
    }
    double number = Double.parseDouble(m.group(2));
    double threshold = convert(measure, number, m.group(3), text);
    if (m.group(3).isEmpty() && measure.unit().equals("ms") && number > 0 && number < 1) {
      warnings.add(measure.name() + " " + text.strip() + " is read as " + m.group(2) + " ms, because"
          + " thresholds without a unit are in the measure's unit; write " + m.group(2)
          + "s if seconds were meant");
    }
    return switch (m.group(1)) {
      case "<=" -> measure.atMost(threshold);
      case "<" -> measure.below(threshold);
      case ">=" -> measure.atLeast(threshold);
      default -> measure.above(threshold);
    };
  }

  /**
   * Returns the measure called {@code name}: {@code avg_<metric>}, {@code p<rank>_<metric>},
   * {@code min_<metric>}, {@code max_<metric>}, {@code rps} or {@code tps}.
   *
   * @throws IllegalArgumentException naming the known forms if {@code name} is not one of them
   */
  public static SlaMeasure measure(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (key.equals("rps")) {
      return Sla.requestThroughput();
    }
    if (key.equals("tps")) {
      return Sla.outputThroughput();
    }
    if (key.startsWith("avg_")) {
      return Sla.avg(metric(key.substring(4), name));
    }
    if (key.startsWith("min_")) {
      return Sla.percentile(metric(key.substring(4), name), 0);
    }
    if (key.startsWith("max_")) {
      return Sla.percentile(metric(key.substring(4), name), 100);
    }
    Matcher m = PERCENTILE_NAME.matcher(key);
    if (m.matches()) {
      double rank = Double.parseDouble(m.group(1));
      if (!SlaMeasure.REPORTED_RANKS.contains(rank) || rank == 0 || rank == 100) {
        throw new IllegalArgumentException("metric '" + name + "' asks for percentile " + m.group(1)
            + ", which runs do not report; use p1, p5, p10, p25, p50, p66, p75, p80, p90, p95,"
            + " p98, p99 or p99.9 (or min_ and max_)");
      }
      return Sla.percentile(metric(m.group(2), name), rank);
    }
    throw new IllegalArgumentException(unknownMetric(name));
  }

  /**
   * Adds a problem for every group without criteria and every group with more than one
   * {@code max} or {@code min} goal.
   */
  public static void checkGroups(List<List<SlaCriterion>> groups, String parameter,
      List<String> problems) {
    for (int i = 0; i < groups.size(); i++) {
      List<SlaCriterion> group = groups.get(i);
      if (group.isEmpty()) {
        problems.add(parameter + " group " + (i + 1) + " has no criteria; give at least one");
      }
      List<String> goals = group.stream().filter(SlaCriterion::isOptimisation)
          .map(SlaCriterion::toString).toList();
      if (goals.size() > 1) {
        problems.add(parameter + " group " + (i + 1) + " has " + goals.size() + " optimisation"
            + " goals " + goals + " but a group can optimise only one measure; put each goal in"
            + " its own group");
      }
    }
  }

  /** Applies evalscope's normalisation of condition strings. */
  static String normalise(String condition) {
    return condition.strip()
        .replace("\u2264", "<=")
        .replace("\u2265", ">=")
        .replace("\u2267", ">=")
        .replace("\u2006", "");
  }

  private static double convert(SlaMeasure measure, double number, String unit, String text) {
    if (unit.isEmpty()) {
      return number;
    }
    String wanted = unit.toLowerCase(Locale.ROOT);
    boolean time = measure.unit().equals("s") || measure.unit().equals("ms");
    if (!time) {
      throw new IllegalArgumentException("condition '" + text + "' has the unit '" + unit + "' but "
          + measure.name() + " is measured in " + measure.unit() + "; give a plain number in "
          + measure.unit());
    }
    double seconds = switch (wanted) {
      case "s" -> number;
      case "ms" -> number / 1e3;
      default -> throw new IllegalArgumentException("condition '" + text + "' has the unknown unit '"
          + unit + "'; use ms or s, or no unit for " + measure.unit());
    };
    return measure.unit().equals("s") ? seconds : seconds * 1e3;
  }

  private static Metric metric(String key, String name) {
    for (Metric metric : Metric.values()) {
      if (SlaMeasure.metricKey(metric).equals(key)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(unknownMetric(name));
  }

  private static String unknownMetric(String name) {
    String metrics = Arrays.stream(Metric.values()).map(SlaMeasure::metricKey)
        .collect(Collectors.joining(", "));
    return "metric '" + name + "' is not known; use rps, tps, or avg_, p50_, p90_, p99_ (any"
        + " reported percentile), min_ or max_ followed by one of " + metrics;
  }

  private static String describe(@Nullable Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
