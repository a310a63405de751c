package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.EventKind;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The completion for one generation request: how many tokens of each kind, and the schedule of its
 * events as {@link GenerationProfile} documents it. Events are computed one at a time by a {@link
 * Cursor}, so a long completion needs no per-event memory. Immutable; each cursor is used by one
 * thread.
 */
public final class GenerationPlan {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final int reasoningTokens;
  private final int contentTokens;
  private final boolean lengthCapped;
  private final int tokensPerChunk;
  private final long firstTokenOffsetNanos;
  private final long interTokenNanos;
  private final long jitterNanos;
  private final long jitterSeed;
  private final boolean roleChunk;
  private final boolean usageChunk;

  private GenerationPlan(
      GenerationProfile profile,
      int reasoningTokens,
      int contentTokens,
      boolean lengthCapped,
      long firstTokenOffsetNanos,
      long jitterSeed,
      boolean roleChunk,
      boolean usageChunk) {
    this.reasoningTokens = reasoningTokens;
    this.contentTokens = contentTokens;
    this.lengthCapped = lengthCapped;
    this.tokensPerChunk = profile.tokensPerChunk();
    this.firstTokenOffsetNanos = firstTokenOffsetNanos;
    this.interTokenNanos = profile.interTokenDelay().toNanos();
    this.jitterNanos = profile.jitter().toNanos();
    this.jitterSeed = jitterSeed;
    this.roleChunk = roleChunk;
    this.usageChunk = usageChunk;
  }

  /**
   * Plans one completion.
   *
   * @param profile the profile in force when the request arrived
   * @param promptTokens the prompt's token count, for the prefill delay
   * @param maxTokens the request's cap on output tokens, if any
   * @param allowReasoning whether the endpoint can send reasoning tokens
   * @param roleChunk whether the stream starts with a role-only chunk
   * @param usageChunk whether the stream ends with a usage-only chunk
   * @param requestIndex the request's index, mixed into the jitter seed
   */
  public static GenerationPlan create(
      GenerationProfile profile,
      int promptTokens,
      OptionalInt maxTokens,
      boolean allowReasoning,
      boolean roleChunk,
      boolean usageChunk,
      long requestIndex) {
    int wantedReasoning = allowReasoning ? profile.reasoningTokens() : 0;
    long wanted = (long) wantedReasoning + profile.outputTokens();
    int cap = maxTokens.orElse(Integer.MAX_VALUE);
    int reasoning = Math.min(wantedReasoning, cap);
    int content = Math.min(profile.outputTokens(), cap - reasoning);
    long prefill = saturatingMultiply(profile.prefillPerPromptToken().toNanos(), promptTokens);
    long firstToken = saturatingAdd(profile.ttft().toNanos(), prefill);
    long seed = profile.seed() * GOLDEN_GAMMA + requestIndex;
    return new GenerationPlan(
        profile, reasoning, content, reasoning + content < wanted, firstToken, seed, roleChunk,
        usageChunk);
  }

  /** Returns the reasoning tokens sent. */
  public int reasoningTokens() {
    return reasoningTokens;
  }

  /** Returns the content tokens sent. */
  public int contentTokens() {
    return contentTokens;
  }

  /** Returns the output tokens sent, reasoning included. */
  public int outputTokens() {
    return reasoningTokens + contentTokens;
  }

  /** Returns {@code length} when {@code max_tokens} cut the completion short, else {@code stop}. */
  public String finishReason() {
    return lengthCapped ? "length" : "stop";
  }

  /**
   * Returns when the last token event is due, jitter included; the first-token offset when the
   * completion has no tokens. A non-streamed body is written then.
   */
  public long lastTokenOffsetNanos() {
    Cursor cursor = cursor();
    long last = firstTokenOffsetNanos;
    for (PlannedEvent event = cursor.next(); event != null; event = cursor.next()) {
      if (event.tokens() > 0) {
        last = event.offsetNanos();
      }
    }
    return last;
  }

  /** Returns a new cursor at the first event. */
  public Cursor cursor() {
    return new Cursor();
  }

  /** Walks the events in order: role, reasoning, content, finish, usage, done. */
  public final class Cursor {
    private final SplittableRandom random = new SplittableRandom(jitterSeed);
    private Stage stage = roleChunk ? Stage.ROLE : Stage.REASONING;
    private int sentReasoning;
    private int sentContent;
    private int firstEventTokens;
    private long previousOffset;
    private long lastTokenOffset = firstTokenOffsetNanos;

    private Cursor() {}

    /** Returns the next event, or null after {@code [DONE]}. */
    public @Nullable PlannedEvent next() {
      while (true) {
        switch (stage) {
          case ROLE -> {
            stage = Stage.REASONING;
            return new PlannedEvent(0, EventKind.ROLE, 0, 0);
          }
          case REASONING -> {
            if (sentReasoning < reasoningTokens) {
              int tokens = Math.min(tokensPerChunk, reasoningTokens - sentReasoning);
              PlannedEvent event = tokenEvent(EventKind.REASONING, tokens, sentReasoning);
              sentReasoning += tokens;
              return event;
            }
            stage = Stage.CONTENT;
          }
          case CONTENT -> {
            if (sentContent < contentTokens) {
              int tokens = Math.min(tokensPerChunk, contentTokens - sentContent);
              PlannedEvent event = tokenEvent(EventKind.CONTENT, tokens, sentContent);
              sentContent += tokens;
              return event;
            }
            stage = Stage.FINISH;
          }
          case FINISH -> {
            stage = usageChunk ? Stage.USAGE : Stage.DONE;
            return new PlannedEvent(lastTokenOffset, EventKind.FINISH, 0, 0);
          }
          case USAGE -> {
            stage = Stage.DONE;
            return new PlannedEvent(lastTokenOffset, EventKind.USAGE, 0, 0);
          }
          case DONE -> {
            stage = Stage.END;
            return new PlannedEvent(lastTokenOffset, EventKind.DONE, 0, 0);
          }
          case END -> {
            return null;
          }
        }
      }
    }

    private PlannedEvent tokenEvent(EventKind kind, int tokens, int firstToken) {
      int sentBefore = sentReasoning + sentContent;
      if (sentBefore == 0) {
        firstEventTokens = tokens;
      }
      long tokensAfterFirstEvent = (long) sentBefore + tokens - firstEventTokens;
      long nominal =
          saturatingAdd(firstTokenOffsetNanos, saturatingMultiply(interTokenNanos, tokensAfterFirstEvent));
      long jittered = jitterNanos > 0 ? nominal + random.nextLong(-jitterNanos, jitterNanos + 1) : nominal;
      long offset = Math.max(Math.max(jittered, previousOffset), 0);
      previousOffset = offset;
      lastTokenOffset = offset;
      return new PlannedEvent(offset, kind, tokens, firstToken);
    }
  }

  private enum Stage {
    ROLE,
    REASONING,
    CONTENT,
    FINISH,
    USAGE,
    DONE,
    END
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
