package dev.tokenstorm.datasets.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code datasetArgs} of one dataset, checked against the keys that dataset accepts.
 *
 * <p>Every accessor validates its value and throws {@link IllegalArgumentException} naming the
 * dataset, the key and the rejected value.
 */
final class DatasetArgs {

  /** The keys of the text-length options shared by openqa, longalpaca and line_by_line. */
  static final Set<String> TEXT_KEYS =
      Set.of("target_input_len", "input_len_mode", "prefix_file", "prefix_role");

  private final String dataset;
  private final Map<String, Object> values;

  private DatasetArgs(String dataset, Map<String, Object> values) {
    this.dataset = dataset;
    this.values = values;
  }

  /**
   * Checks {@code values} against {@code allowed}.
   *
   * @throws IllegalArgumentException naming each unknown key and listing the allowed ones
   */
  static DatasetArgs of(String dataset, Map<String, Object> values, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      String supported = allowed.isEmpty() ? "it accepts no datasetArgs"
          : "supported keys: " + String.join(", ", new TreeSet<>(allowed));
      throw new IllegalArgumentException("datasetArgs " + (unknown.size() == 1 ? "key " : "keys ")
          + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
          + " not supported by dataset '" + dataset + "'; " + supported);
    }
    return new DatasetArgs(dataset, values);
  }

  /** Returns a positive integer option, or empty when unset. */
  OptionalInt positiveInt(String key) {
    Object value = values.get(key);
    if (value == null) {
      return OptionalInt.empty();
    }
    long number = integer(key, value);
    if (number <= 0 || number > Integer.MAX_VALUE) {
      throw invalid(key, value, "a positive integer");
    }
    return OptionalInt.of((int) number);
  }

  /** Returns a positive integer option, or {@code fallback} when unset. */
  int positiveInt(String key, int fallback) {
    return positiveInt(key).orElse(fallback);
  }

  /** Returns a positive number option, or {@code fallback} when unset. */
  double positiveNumber(String key, double fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    double number;
    try {
      number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    } catch (NumberFormatException e) {
      throw invalid(key, value, "a positive number");
    }
    if (!(number > 0) || Double.isInfinite(number)) {
      throw invalid(key, value, "a positive number");
    }
    return number;
  }

  /** Returns one of {@code choices}, or {@code fallback} when unset. */
  String choice(String key, List<String> choices, String fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    String text = value.toString();
    if (!choices.contains(text)) {
      throw invalid(key, value, "one of " + String.join(", ", choices));
    }
    return text;
  }

  /** Returns a file option, or empty when unset. */
  Optional<Path> path(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String || value instanceof Path) || value.toString().isBlank()) {
      throw invalid(key, value, "a file path");
    }
    return Optional.of(value instanceof Path p ? p : Path.of(value.toString()));
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  private long integer(String key, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw invalid(key, value, "a positive integer");
      }
    }
    throw invalid(key, value, "a positive integer");
  }

  IllegalArgumentException invalid(String key, Object value, String expected) {
    return new IllegalArgumentException("datasetArgs " + key + " of dataset '" + dataset
        + "' must be " + expected + " but was " + value);
  }
}
