package dev.tokenstorm.api.query;

import java.util.List;
import java.util.Objects;

/**
 * A conversation sent as chat {@code messages}.
 *
 * @param messages the messages in order; not empty
 */
public record ChatQuery(List<ChatMessage> messages) implements Query {

  public ChatQuery {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
  }

  /** Returns a query with one user message holding {@code text}. */
  public static ChatQuery ofUserText(String text) {
    return new ChatQuery(List.of(ChatMessage.user(text)));
  }
}
