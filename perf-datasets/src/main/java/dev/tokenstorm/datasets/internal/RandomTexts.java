package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random texts of exact token lengths for the random embedding and rerank datasets: uniformly
 * drawn vocabulary ids (the vocabulary of {@link RandomTokens}) turned into text that encodes to
 * that many tokens. Lengths are drawn from {@code [max(1, minPromptLength),
 * max(1, maxPromptLength)]} (the bounds swapped if reversed); item {@code i} is position
 * {@code datasetOffset + i} of a sequence fixed by the seed.
 */
final class RandomTexts {

  private static final Logger log = LoggerFactory.getLogger(RandomTexts.class);

  private final String dataset;
  private final RandomTokens tokens;
  private final long seed;
  private final int minLength;
  private final int maxLength;
  private final DatasetContext context;
  private final AtomicLong mismatches = new AtomicLong();

  private RandomTexts(String dataset, RandomTokens tokens, long seed, int minLength, int maxLength,
      DatasetContext context) {
    this.dataset = dataset;
    this.tokens = tokens;
    this.seed = seed;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.context = context;
  }

  static RandomTexts create(String dataset, DatasetContext context) {
    Tokenizer tokenizer = Requirements.tokenizer(context, dataset, "to generate random texts");
    int low = Math.max(1, context.minPromptLength());
    int high = Math.max(1, context.maxPromptLength());
    RandomTexts texts = new RandomTexts(dataset, RandomTokens.of(tokenizer),
        RandomPrompts.seedOf(context, dataset), Math.min(low, high), Math.max(low, high), context);
    log.info("Dataset {}: random texts of [{}, {}] tokens", dataset, texts.minLength,
        texts.maxLength);
    return texts;
  }

  /** Returns the random source of item {@code index}; draw lengths and texts from it in order. */
  SplittableRandom random(long index) {
    return new SplittableRandom(RandomTokens.itemSeed(seed, index));
  }

  int drawLength(SplittableRandom random) {
    return minLength + random.nextInt(maxLength - minLength + 1);
  }

  /** Returns a text of {@code length} tokens. */
  String text(SplittableRandom random, int length) {
    RandomTokens.Text text = tokens.converge(tokens.randomIds(random, length), random);
    if (text.tokens() != length && mismatches.getAndIncrement() == 0) {
      context.warn(dataset + ": a random text has " + text.tokens() + " tokens instead of "
          + length + "; later mismatches are logged at debug level");
    } else if (text.tokens() != length) {
      log.debug("Dataset {}: text has {} tokens instead of {}", dataset, text.tokens(), length);
    }
    return text.text();
  }
}
