package dev.tokenstorm.api.query;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One chat message: a role and its content parts.
 *
 * <p>A message whose content is a single {@link ContentPart.Text} is sent as a plain string
 * {@code content}; any other content is sent as an array of typed parts.
 *
 * @param role the role, such as {@code system}, {@code user} or {@code assistant}
 * @param content the content parts in order; not empty
 */
public record ChatMessage(String role, List<ContentPart> content) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(Objects.requireNonNull(content, "content"));
  }

  /** Returns a user message with text content. */
  public static ChatMessage user(String text) {
    return new ChatMessage("user", List.of(new ContentPart.Text(text)));
  }

  /** Returns a system message with text content. */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", List.of(new ContentPart.Text(text)));
  }

  /** Returns a message with the given role and text content. */
  public static ChatMessage of(String role, String text) {
    return new ChatMessage(role, List.of(new ContentPart.Text(text)));
  }

  /** Returns true when the content is exactly one text part, so it can be sent as a string. */
  public boolean isTextOnly() {
    return content.size() == 1 && content.get(0) instanceof ContentPart.Text;
  }

  /** Returns the text parts joined with a single space; image parts are left out. */
  public String text() {
    return content.stream()
        .filter(ContentPart.Text.class::isInstance)
        .map(part -> ((ContentPart.Text) part).text())
        .collect(Collectors.joining(" "));
  }
}
