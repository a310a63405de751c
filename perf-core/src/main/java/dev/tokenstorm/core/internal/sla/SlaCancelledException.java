package dev.tokenstorm.core.internal.sla;

/** Ends a search when the tuning is cancelled before a value could be measured in full. */
final class SlaCancelledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SlaCancelledException() {
    super("the SLA tuning was cancelled", null, false, false);
  }
}
