package dev.tokenstorm.testkit.server.internal;

/**
 * Turns planned events into the bytes of one endpoint family's event stream. One instance per
 * request; each method returns a complete event, {@code data:} line and blank line included.
 */
public interface StreamFormat {

  /** Returns the bytes of {@code event}. */
  byte[] render(PlannedEvent event);

  /** Returns an event carrying an error object, for {@code Fault.ErrorEventAfterEvents}. */
  byte[] errorEvent(String message);

  /** Returns an event whose JSON is cut off, for {@code Fault.MalformedEventAfterEvents}. */
  byte[] malformedEvent();

  /** Returns a well-formed event with invalid UTF-8 in a string, for {@code Fault.InvalidUtf8AfterEvents}. */
  byte[] invalidUtf8Event();
}
