package dev.tokenstorm.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@code PerfRun.Builder.build()} when the configuration has problems. Lists every
 * problem at once, each naming the parameter and the rejected value.
 */
public final class InvalidConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates an exception for the given problems (at least one). */
  public InvalidConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns each problem as one sentence, in the order found. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid configuration: " + problems.get(0);
    }
    return problems.stream()
        .map(p -> "  - " + p)
        .collect(Collectors.joining("\n", "Invalid configuration (" + problems.size() + " problems):\n", ""));
  }
}
