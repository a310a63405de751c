package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How {@code minPromptLength} and {@code maxPromptLength} measure a prompt. There is one measure
 * per run, chosen from its settings and stated in the log:
 *
 * <ul>
 *   <li>no tokenizer: characters (Unicode code points) of the prompt text;
 *   <li>a tokenizer and {@code applyChatTemplate}: tokens of the prompt rendered as one user
 *       message by the chat template, with the generation prompt, which is what a chat endpoint
 *       counts as {@code prompt_tokens};
 *   <li>a tokenizer without {@code applyChatTemplate}: tokens of the prompt including the special
 *       tokens the tokenizer adds (such as BOS), which is what a completions endpoint counts.
 * </ul>
 */
final class PromptLength {

  private final @Nullable Tokenizer tokenizer;
  private final @Nullable ChatTemplate template;
  private final int min;
  private final int max;

  private PromptLength(@Nullable Tokenizer tokenizer, @Nullable ChatTemplate template, int min,
      int max) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.min = min;
    this.max = max;
  }

  /** Returns the measure for chat and completion prompts. */
  static PromptLength forPrompts(DatasetContext context, String dataset) {
    Tokenizer tokenizer = context.tokenizer();
    ChatTemplate template = tokenizer != null && context.applyChatTemplate()
        ? Requirements.chatTemplate(tokenizer, dataset) : null;
    return new PromptLength(tokenizer, template, context.minPromptLength(),
        context.maxPromptLength());
  }

  /** Returns the measure for embedding inputs: characters, or tokens with special tokens. */
  static PromptLength forInputs(DatasetContext context) {
    return new PromptLength(context.tokenizer(), null, context.minPromptLength(),
        context.maxPromptLength());
  }

  int measure(String prompt) {
    if (tokenizer == null) {
      return prompt.codePointCount(0, prompt.length());
    }
    if (template != null) {
      return tokenizer.encode(template.render(List.of(ChatMessage.user(prompt)), true), false)
          .length;
    }
    return tokenizer.encode(prompt, true).length;
  }

  boolean accepts(String prompt) {
    if (min <= 0 && max == Integer.MAX_VALUE) {
      return true;
    }
    int length = measure(prompt);
    return length >= min && length <= max;
  }

  /** Describes the bounds and their unit, for logs and messages. */
  String describe() {
    String unit = tokenizer == null ? "characters"
        : template != null ? "tokens of the chat-templated prompt"
            : "tokens including special tokens";
    return min + " <= " + unit + " <= " + max;
  }
}
