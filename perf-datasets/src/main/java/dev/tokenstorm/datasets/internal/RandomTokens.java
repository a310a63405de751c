package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Random token sequences over a tokenizer's vocabulary, and their conversion to text that encodes
 * to an exact number of tokens.
 *
 * <p>The vocabulary is the tokenizer's whole-word tokens: a word-boundary marker ({@code ▁} in
 * SentencePiece-style vocabularies, {@code Ġ} in GPT-2-style byte-level ones) followed by ASCII
 * letters. Text made of such tokens usually re-encodes to the same tokens, so most prompts need a
 * single decode and encode. A tokenizer with fewer than {@value #MIN_WORD_TOKENS} such tokens uses
 * every id instead (added tokens included) except special tokens and byte-fallback tokens such as
 * {@code <0x0A>}, which decode to raw bytes rather than text.
 *
 * <p>Threading: immutable and safe for concurrent use when the tokenizer is.
 */
final class RandomTokens {

  /** The decode/re-encode rounds tried before a text is accepted with a length mismatch. */
  static final int MAX_ROUNDS = 11;

  /** Minimum number of whole-word tokens for random text to use only them. */
  static final int MIN_WORD_TOKENS = 1000;

  private static final Pattern BYTE_FALLBACK = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
  private static final Pattern WHOLE_WORD = Pattern.compile("[\u2581\u0120][A-Za-z]+");

  private final Tokenizer tokenizer;
  private final int[] allowed;

  private RandomTokens(Tokenizer tokenizer, int[] allowed) {
    this.tokenizer = tokenizer;
    this.allowed = allowed;
  }

  static RandomTokens of(Tokenizer tokenizer) {
    int size = tokenizer.vocabularySize();
    int[] ordinary = new int[size];
    int[] words = new int[size];
    int ordinaryCount = 0;
    int wordCount = 0;
    for (int id = 0; id < size; id++) {
      if (tokenizer.specialTokenIds().contains(id)) {
        continue;
      }
      Optional<String> token = tokenizer.tokenString(id);
      if (token.isEmpty() || BYTE_FALLBACK.matcher(token.get()).matches()) {
        continue;
      }
      ordinary[ordinaryCount++] = id;
      if (WHOLE_WORD.matcher(token.get()).matches()) {
        words[wordCount++] = id;
      }
    }
    if (ordinaryCount == 0) {
      throw new IllegalArgumentException("tokenizer " + tokenizer + " has no ordinary tokens to"
          + " build random prompts from");
    }
    return new RandomTokens(tokenizer, wordCount >= MIN_WORD_TOKENS
        ? Arrays.copyOf(words, wordCount) : Arrays.copyOf(ordinary, ordinaryCount));
  }

  /** Returns the number of ids random text is drawn from. */
  int vocabularySize() {
    return allowed.length;
  }

  /** Returns {@code length} ids drawn uniformly, with replacement. */
  int[] randomIds(SplittableRandom random, int length) {
    int[] ids = new int[length];
    for (int i = 0; i < length; i++) {
      ids[i] = allowed[random.nextInt(allowed.length)];
    }
    return ids;
  }

  /**
   * Returns {@code prefix} followed by {@code length} consecutive vocabulary ids from a random
   * start, wrapping at the end of the vocabulary.
   */
  int[] consecutiveIds(SplittableRandom random, int[] prefix, int length) {
    int[] ids = Arrays.copyOf(prefix, prefix.length + length);
    int start = random.nextInt(allowed.length);
    for (int j = 0; j < length; j++) {
      ids[prefix.length + j] = allowed[(int) ((start + (long) j) % allowed.length)];
    }
    return ids;
  }

  /**
   * Returns text that encodes (without special tokens) to {@code ids.length} tokens: the ids are
   * decoded and re-encoded; a longer result is cut back and a shorter one topped up with random
   * ids, until the count matches or {@link #MAX_ROUNDS} rounds have run.
   *
   * @return the text and its token count, which differs from the target only when no round
   *     matched
   */
  Text converge(int[] ids, SplittableRandom random) {
    int target = ids.length;
    int[] current = ids;
    String text = tokenizer.decode(current, false);
    int length = -1;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int[] again = tokenizer.encode(text, false);
      length = again.length;
      if (length == target) {
        return new Text(text, length);
      }
      if (length > target) {
        current = Arrays.copyOf(again, target);
      } else {
        current = Arrays.copyOf(again, target);
        int[] fill = randomIds(random, target - length);
        System.arraycopy(fill, 0, current, length, fill.length);
      }
      text = tokenizer.decode(current, false);
    }
    return new Text(text, tokenizer.encode(text, false).length);
  }

  /** A generated text and the number of tokens it encodes to. */
  record Text(String text, int tokens) {}

  /** Returns a seed for item {@code index} of a stream seeded with {@code seed}. */
  static long itemSeed(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
