package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.core.SlaTuning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the {@code sla_*} keys of an evalscope-style configuration document.
 *
 * <p>evalscope's keys are {@code sla_auto_tune}, {@code sla_variable}, {@code sla_params},
 * {@code sla_upper_bound}, {@code sla_lower_bound}, {@code sla_fixed_parallel},
 * {@code sla_num_runs} and {@code sla_number_multiplier}. Tokenstorm adds
 * {@code sla_min_requests}, {@code sla_max_failure_rate} and {@code sla_rate_tolerance}.
 */
public final class SlaDocument {

  /** Every {@code sla_*} key a document may contain. */
  public static final List<String> KEYS = List.of("sla_auto_tune", "sla_variable", "sla_params",
      "sla_upper_bound", "sla_lower_bound", "sla_fixed_parallel", "sla_num_runs",
      "sla_number_multiplier", "sla_min_requests", "sla_max_failure_rate", "sla_rate_tolerance");

  private SlaDocument() {}

  /**
   * Returns the tuning described by the {@code sla_*} entries of a document, or empty when
   * {@code sla_auto_tune} is absent or false. Every error becomes a problem naming its key, and a
   * document whose other {@code sla_*} keys are ignored gets a warning.
   */
  public static Optional<SlaTuning> parse(Map<String, Object> entries, List<String> problems,
      List<String> warnings) {
    Object autoTune = entries.get("sla_auto_tune");
    Boolean enabled = bool(autoTune);
    if (autoTune != null && enabled == null) {
      problems.add("sla_auto_tune must be true or false but was " + describe(autoTune));
      return Optional.empty();
    }
    if (enabled == null || !enabled) {
      if (entries.keySet().stream().anyMatch(k -> !k.equals("sla_auto_tune"))) {
        warnings.add("the sla_* settings " + entries.keySet() + " are ignored because sla_auto_tune"
            + " is not true");
      }
      return Optional.empty();
    }
    int before = problems.size();
    SlaTuning.Builder builder = SlaTuning.builder();
    entries.forEach((key, value) -> apply(key, value, builder, problems, warnings));
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(builder.build());
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  /** Returns the tuning as {@code sla_*} entries, in the form {@link #parse} reads. */
  public static Map<String, @Nullable Object> describe(SlaTuning tuning) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("sla_auto_tune", true);
    m.put("sla_variable", tuning.variable().key());
    List<Map<String, String>> groups = new ArrayList<>();
    for (List<SlaCriterion> group : tuning.groups()) {
      Map<String, String> conditions = new LinkedHashMap<>();
      group.forEach(c -> conditions.put(c.measure().name(), condition(c)));
      groups.add(conditions);
    }
    m.put("sla_params", groups);
    m.put("sla_upper_bound", tuning.upperBound());
    m.put("sla_lower_bound", tuning.lowerBound());
    m.put("sla_fixed_parallel",
        tuning.fixedParallel().isPresent() ? tuning.fixedParallel().getAsInt() : null);
    m.put("sla_num_runs", tuning.numRuns());
    m.put("sla_number_multiplier", tuning.numberMultiplier());
    m.put("sla_min_requests", tuning.minRequests());
    m.put("sla_max_failure_rate", tuning.maxFailureRate());
    m.put("sla_rate_tolerance", tuning.rateTolerance());
    return m;
  }

  /** Returns {@code criterion}'s condition in evalscope's syntax, with a unit for times. */
  static String condition(SlaCriterion criterion) {
    if (criterion.isOptimisation()) {
      return criterion.operator().symbol();
    }
    String unit = criterion.measure().unit();
    String suffix = unit.equals("s") || unit.equals("ms") ? unit : "";
    return criterion.operator().symbol()
        + new java.math.BigDecimal(Double.toString(criterion.threshold().getAsDouble()))
            .stripTrailingZeros().toPlainString()
        + suffix;
  }

  private static void apply(String key, Object value, SlaTuning.Builder b, List<String> problems,
      List<String> warnings) {
    switch (key) {
      case "sla_auto_tune" -> {
        // Checked by parse.
      }
      case "sla_variable" -> {
        Optional<SlaVariable> variable = value instanceof String text ? SlaVariable.fromKey(text)
            : Optional.empty();
        if (variable.isEmpty()) {
          problems.add("sla_variable must be 'parallel' or 'rate' but was " + describe(value));
        } else {
          b.variable(variable.get());
        }
      }
      case "sla_params" -> SlaParams.parse(value, "sla_params", problems, warnings)
          .forEach(b::group);
      case "sla_upper_bound" -> number(key, value, problems, b::upperBound);
      case "sla_lower_bound" -> number(key, value, problems, b::lowerBound);
      case "sla_fixed_parallel" -> whole(key, value, problems, b::fixedParallel);
      case "sla_num_runs" -> whole(key, value, problems, b::numRuns);
      case "sla_number_multiplier" -> number(key, value, problems, b::numberMultiplier);
      case "sla_min_requests" -> whole(key, value, problems, b::minRequests);
      case "sla_max_failure_rate" -> number(key, value, problems, b::maxFailureRate);
      case "sla_rate_tolerance" -> number(key, value, problems, b::rateTolerance);
      default -> problems.add("unknown parameter '" + key + "'; the SLA parameters are "
          + String.join(", ", KEYS));
    }
  }

  private static void number(String key, Object value, List<String> problems,
      Consumer<Double> target) {
    Double x = toDouble(value);
    if (x == null) {
      problems.add(key + " must be a number but was " + describe(value));
    } else {
      target.accept(x);
    }
  }

  private static void whole(String key, Object value, List<String> problems,
      Consumer<Integer> target) {
    Double x = toDouble(value);
    if (x == null || x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
      problems.add(key + " must be a whole number but was " + describe(value));
    } else {
      target.accept(x.intValue());
    }
  }

  private static @Nullable Boolean bool(@Nullable Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof String text
        && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(text);
    }
    return null;
  }

  private static @Nullable Double toDouble(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String describe(@Nullable Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
