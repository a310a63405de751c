package dev.tokenstorm.api;

/**
 * Thrown when a run cannot go on: the connection test failed, the dataset could not be read, or
 * the output folder could not be created. Individual request failures never throw; they are
 * recorded and counted.
 */
public final class PerfRunException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String stage;

  /** Creates an exception for a failure at {@code stage}, such as {@code connection test}. */
  public PerfRunException(String stage, String message, Throwable cause) {
    super(stage + ": " + message, cause);
    this.stage = stage;
  }

  /** Creates an exception without a cause. */
  public PerfRunException(String stage, String message) {
    super(stage + ": " + message);
    this.stage = stage;
  }

  /** Returns the stage that failed, such as {@code connection test} or {@code dataset}. */
  public String stage() {
    return stage;
  }
}
