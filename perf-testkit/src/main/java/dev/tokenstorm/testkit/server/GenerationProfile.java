package dev.tokenstorm.testkit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The simulated server's generation settings: how many tokens, and when each event is written.
 *
 * <h2>Schedule</h2>
 *
 * Every time below is an offset from the moment generation starts, which is the request's arrival
 * (its last byte read) unless a capacity limit made it wait, plus any {@link Fault.SlowHeaders}
 * delay. Each event is written at its absolute deadline, so delays do not accumulate drift.
 *
 * <ul>
 *   <li>The optional role-only chunk ({@code delta: {"role":"assistant","content":""}}) is written
 *       at offset 0, in the same flush as the response headers. It carries no tokens.
 *   <li>The first token-bearing event is written at {@code ttft + promptTokens × prefillPerPromptToken}.
 *   <li>Each later token-bearing event follows the previous one by {@code tokensInThatEvent ×
 *       interTokenDelay}, so the time per output token is {@code interTokenDelay} whatever {@code
 *       tokensPerChunk} is. Reasoning tokens come first, then content tokens; one event never
 *       mixes the two.
 *   <li>Each token event's offset is moved by a uniform random amount in {@code [-jitter,
 *       +jitter]}, drawn from a generator seeded with {@code seed} and the request index, and
 *       clamped so events stay in order and never precede offset 0.
 *   <li>The finish chunk, the optional usage chunk and {@code [DONE]} follow the last token event
 *       immediately, in the same flush. Events that share a deadline (with a zero delay, say) share
 *       a flush, unless a fault acts between them. A non-streamed body is written when the last token event would have
 *       been.
 * </ul>
 *
 * <h2>Token counts</h2>
 *
 * A completion has {@code reasoningTokens} reasoning tokens ({@code "think0 think1 …"}, sent as
 * {@code delta.reasoning_content}) followed by {@code outputTokens} content tokens ({@code "tok0
 * tok1 …"}). A request's {@code max_tokens} or {@code max_completion_tokens}, when smaller, caps the
 * total, reasoning first. The completions endpoint ignores {@code reasoningTokens}. Usage reports
 * {@code completion_tokens} = reasoning + content.
 *
 * <p>Immutable; change a running server's profile with {@link
 * SimulatedLlmServer#updateProfile}.
 *
 * @param ttft time to the first token-bearing event, not counting prefill
 * @param interTokenDelay time per output token between token-bearing events
 * @param tokensPerChunk tokens per token-bearing event, at least 1
 * @param outputTokens content tokens per completion, at least 0
 * @param reasoningTokens reasoning tokens per chat completion, at least 0
 * @param jitter maximum random displacement of each token event, in either direction
 * @param seed seed of the jitter generator
 * @param roleChunkFirst whether a chat stream starts with a role-only chunk
 * @param prefillPerPromptToken extra time to the first token per prompt token
 */
public record GenerationProfile(
    Duration ttft,
    Duration interTokenDelay,
    int tokensPerChunk,
    int outputTokens,
    int reasoningTokens,
    Duration jitter,
    long seed,
    boolean roleChunkFirst,
    Duration prefillPerPromptToken) {

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException if a duration is negative or a count is out of range
   */
  public GenerationProfile {
    requireNonNegative(ttft, "ttft");
    requireNonNegative(interTokenDelay, "interTokenDelay");
    requireNonNegative(jitter, "jitter");
    requireNonNegative(prefillPerPromptToken, "prefillPerPromptToken");
    if (tokensPerChunk < 1) {
      throw new IllegalArgumentException(
          "tokensPerChunk must be at least 1, got " + tokensPerChunk);
    }
    if (outputTokens < 0) {
      throw new IllegalArgumentException("outputTokens must be at least 0, got " + outputTokens);
    }
    if (reasoningTokens < 0) {
      throw new IllegalArgumentException(
          "reasoningTokens must be at least 0, got " + reasoningTokens);
    }
  }

  /**
   * Returns the default profile: TTFT 50 ms, 10 ms per token, 1 token per event, 32 content
   * tokens, no reasoning, no jitter, seed 0, a role-only first chunk and no prefill cost.
   */
  public static GenerationProfile defaults() {
    return new GenerationProfile(
        Duration.ofMillis(50), Duration.ofMillis(10), 1, 32, 0, Duration.ZERO, 0, true,
        Duration.ZERO);
  }

  /** Returns a copy with {@code ttft} changed. */
  public GenerationProfile withTtft(Duration value) {
    return new GenerationProfile(
        value, interTokenDelay, tokensPerChunk, outputTokens, reasoningTokens, jitter, seed,
        roleChunkFirst, prefillPerPromptToken);
  }

  /** Returns a copy with {@code interTokenDelay} changed. */
  public GenerationProfile withInterTokenDelay(Duration value) {
    return new GenerationProfile(
        ttft, value, tokensPerChunk, outputTokens, reasoningTokens, jitter, seed, roleChunkFirst,
        prefillPerPromptToken);
  }

  /** Returns a copy with {@code tokensPerChunk} changed. */
  public GenerationProfile withTokensPerChunk(int value) {
    return new GenerationProfile(
        ttft, interTokenDelay, value, outputTokens, reasoningTokens, jitter, seed, roleChunkFirst,
        prefillPerPromptToken);
  }

  /** Returns a copy with {@code outputTokens} changed. */
  public GenerationProfile withOutputTokens(int value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, value, reasoningTokens, jitter, seed,
        roleChunkFirst, prefillPerPromptToken);
  }

  /** Returns a copy with {@code reasoningTokens} changed. */
  public GenerationProfile withReasoningTokens(int value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, outputTokens, value, jitter, seed, roleChunkFirst,
        prefillPerPromptToken);
  }

  /** Returns a copy with {@code jitter} changed. */
  public GenerationProfile withJitter(Duration value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, outputTokens, reasoningTokens, value, seed,
        roleChunkFirst, prefillPerPromptToken);
  }

  /** Returns a copy with {@code seed} changed. */
  public GenerationProfile withSeed(long value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, outputTokens, reasoningTokens, jitter, value,
        roleChunkFirst, prefillPerPromptToken);
  }

  /** Returns a copy with {@code roleChunkFirst} changed. */
  public GenerationProfile withRoleChunkFirst(boolean value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, outputTokens, reasoningTokens, jitter, seed, value,
        prefillPerPromptToken);
  }

  /** Returns a copy with {@code prefillPerPromptToken} changed. */
  public GenerationProfile withPrefillPerPromptToken(Duration value) {
    return new GenerationProfile(
        ttft, interTokenDelay, tokensPerChunk, outputTokens, reasoningTokens, jitter, seed,
        roleChunkFirst, value);
  }

  private static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
