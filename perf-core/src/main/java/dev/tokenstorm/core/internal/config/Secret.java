package dev.tokenstorm.core.internal.config;

import java.util.Objects;

/** A secret string whose {@code toString} never shows the value. */
public final class Secret {

  /** The text shown wherever a secret would appear. */
  public static final String MASK = "**********";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps {@code value}. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** Returns the secret itself; call only where it is sent to the service it belongs to. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
