package dev.tokenstorm.api.query;

import java.util.Objects;

/**
 * A plain-text prompt, sent as {@code prompt} to a completions endpoint.
 *
 * @param prompt the prompt text
 */
public record PromptQuery(String prompt) implements Query {
  public PromptQuery {
    Objects.requireNonNull(prompt, "prompt");
  }
}
