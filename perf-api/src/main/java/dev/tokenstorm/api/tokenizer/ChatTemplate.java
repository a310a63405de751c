package dev.tokenstorm.api.tokenizer;

import dev.tokenstorm.api.query.ChatMessage;
import java.util.List;

/**
 * Renders chat messages to the prompt string a model sees, as the model's {@code chat_template}
 * does on the server.
 *
 * <p>Threading: implementations are safe for concurrent use.
 */
public interface ChatTemplate {

  /**
   * Renders {@code messages}.
   *
   * @param addGenerationPrompt whether to append the marker that starts the assistant's reply
   * @throws IllegalStateException if the template cannot be rendered; the message names the
   *     template's source file
   */
  String render(List<ChatMessage> messages, boolean addGenerationPrompt);
}
