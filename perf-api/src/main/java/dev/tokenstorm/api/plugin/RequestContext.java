package dev.tokenstorm.api.plugin;

import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a plugin may read while building one request.
 *
 * <p>Threading: each request gets its own context; it is not shared between threads.
 */
public interface RequestContext {

  /** Returns the run's generation settings. */
  GenerationOptions options();

  /** Returns a random source for per-request choices such as a {@code max_tokens} range. */
  RandomGenerator random();

  /** Returns the run's tokenizer, if it has one. */
  Optional<Tokenizer> tokenizer();

  /**
   * Returns the {@code max_tokens} value for this request: the fixed value, or one drawn
   * uniformly from the configured inclusive range. Empty when {@code max_tokens} is not sent.
   */
  default java.util.OptionalInt sampleMaxTokens() {
    GenerationOptions options = options();
    if (options.maxTokensMin() == null || options.maxTokensMax() == null) {
      return java.util.OptionalInt.empty();
    }
    int min = options.maxTokensMin();
    int max = options.maxTokensMax();
    return java.util.OptionalInt.of(min == max ? min : random().nextInt(min, max + 1));
  }
}
