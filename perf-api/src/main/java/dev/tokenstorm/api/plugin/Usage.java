package dev.tokenstorm.api.plugin;

import java.util.OptionalInt;

/**
 * Token counts reported by the server.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens, reasoning included when the server counts it there
 * @param reasoningTokens the reasoning part of the output, when reported
 * @param cachedTokens input tokens served from the prefix cache, when reported
 */
public record Usage(
    OptionalInt promptTokens,
    OptionalInt completionTokens,
    OptionalInt reasoningTokens,
    OptionalInt cachedTokens) {

  /** A usage with no counts. */
  public static final Usage EMPTY =
      new Usage(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  /** Returns a usage with prompt and completion counts only. */
  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(
        OptionalInt.of(promptTokens),
        OptionalInt.of(completionTokens),
        OptionalInt.empty(),
        OptionalInt.empty());
  }

  /** Returns this usage with each absent field taken from {@code newer}, newer values winning. */
  public Usage merge(Usage newer) {
    return new Usage(
        pick(newer.promptTokens, promptTokens),
        pick(newer.completionTokens, completionTokens),
        pick(newer.reasoningTokens, reasoningTokens),
        pick(newer.cachedTokens, cachedTokens));
  }

  private static OptionalInt pick(OptionalInt preferred, OptionalInt fallback) {
    return preferred.isPresent() ? preferred : fallback;
  }
}
