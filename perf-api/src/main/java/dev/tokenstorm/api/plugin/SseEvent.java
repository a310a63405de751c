package dev.tokenstorm.api.plugin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One dispatched server-sent event, as defined by the WHATWG HTML event-stream format.
 *
 * @param type the {@code event:} field, or {@code message} when absent
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last event id seen on the stream, or null
 */
public record SseEvent(String type, String data, @Nullable String id) {
  public SseEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** Returns a {@code message} event with {@code data}. */
  public static SseEvent message(String data) {
    return new SseEvent("message", data, null);
  }
}
