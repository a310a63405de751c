package dev.tokenstorm.api.sla;

import java.util.Locale;
import java.util.Optional;

/** The load setting that SLA tuning varies. */
public enum SlaVariable {
  /** Requests in flight: a closed loop with this many workers, an integer of at least 1. */
  PARALLEL("parallel"),
  /** Arrivals per second on a Poisson schedule, a real number greater than 0. */
  RATE("rate");

  private final String key;

  SlaVariable(String key) {
    this.key = key;
  }

  /** Returns the evalscope name, {@code parallel} or {@code rate}. */
  public String key() {
    return key;
  }

  /** Returns the variable named {@code key} (ignoring case), or empty for any other text. */
  public static Optional<SlaVariable> fromKey(String key) {
    String wanted = key.strip().toLowerCase(Locale.ROOT);
    for (SlaVariable variable : values()) {
      if (variable.key.equals(wanted)) {
        return Optional.of(variable);
      }
    }
    return Optional.empty();
  }
}
