package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ContentPart;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Converts OpenAI-style JSON chat messages to {@link ChatMessage}s. */
final class ChatMessages {

  private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");

  private ChatMessages() {}

  /**
   * Returns the messages of {@code array}, or empty when a message has fields a
   * {@link ChatMessage} cannot carry (such as {@code tool_calls} or {@code name}) or content parts
   * other than {@code text} and {@code image_url}; such lines are sent verbatim instead.
   *
   * @throws IllegalArgumentException if an element is not an object with a string {@code role}
   */
  static Optional<List<ChatMessage>> convert(JsonNode array, String where) {
    if (array.isEmpty()) {
      throw new IllegalArgumentException(where + " is an empty JSON array; a line that starts with"
          + " '[' must be a list of chat messages, each with role and content");
    }
    List<ChatMessage> messages = new ArrayList<>();
    boolean representable = true;
    for (JsonNode element : array) {
      if (!element.isObject() || !element.path("role").isTextual()) {
        throw new IllegalArgumentException(where + " is a JSON array but not a list of chat"
            + " messages: each element needs a string role and a content");
      }
      Optional<ChatMessage> message = convertMessage(element);
      representable &= message.isPresent();
      message.ifPresent(messages::add);
    }
    return representable ? Optional.of(messages) : Optional.empty();
  }

  private static Optional<ChatMessage> convertMessage(JsonNode element) {
    for (Iterator<String> names = element.fieldNames(); names.hasNext(); ) {
      if (!MESSAGE_KEYS.contains(names.next())) {
        return Optional.empty();
      }
    }
    String role = element.path("role").asText();
    JsonNode content = element.get("content");
    if (content != null && content.isTextual()) {
      return Optional.of(ChatMessage.of(role, content.asText()));
    }
    if (content == null || !content.isArray() || content.isEmpty()) {
      return Optional.empty();
    }
    List<ContentPart> parts = new ArrayList<>();
    for (JsonNode part : content) {
      String type = part.path("type").asText();
      if (type.equals("text") && part.path("text").isTextual()) {
        parts.add(new ContentPart.Text(part.path("text").asText()));
      } else if (type.equals("image_url") && part.path("image_url").path("url").isTextual()) {
        JsonNode detail = part.path("image_url").get("detail");
        parts.add(new ContentPart.Image(part.path("image_url").path("url").asText(),
            detail != null && detail.isTextual() ? detail.asText() : null));
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new ChatMessage(role, parts));
  }
}
