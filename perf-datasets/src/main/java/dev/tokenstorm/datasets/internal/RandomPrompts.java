package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt generator of the {@code random} and {@code random_vl} datasets.
 *
 * <p>Item {@code i} of a run is the item at position {@code datasetOffset + i} of an endless
 * sequence fixed by the seed, so runs with the same seed are identical and the offset continues the
 * sequence instead of repeating it. Each item has {@code prefixLength} tokens shared by all items
 * (drawn from the seed) followed by {@code L} consecutive vocabulary ids from a random start, where
 * {@code L} is drawn uniformly from the interval described below. Unless token ids are sent, the
 * ids are turned into text that encodes to exactly {@code prefixLength + L} tokens
 * ({@link RandomTokens#converge}).
 *
 * <p>Length interval: {@code [minPromptLength, maxPromptLength]} tokens. With
 * {@code applyChatTemplate} (and no {@code tokenizePrompt}) the chat template's own tokens
 * {@code T} (of an empty user message with the generation prompt) are taken off both ends, so the
 * templated prompt the server counts has about {@code prefixLength + [min, max]} tokens.
 */
final class RandomPrompts {

  private static final Logger log = LoggerFactory.getLogger(RandomPrompts.class);

  private final String dataset;
  private final RandomTokens tokens;
  private final long seed;
  private final int[] prefix;
  private final int minLength;
  private final int maxLength;
  private final boolean chat;
  private final DatasetContext context;
  private final AtomicLong mismatches = new AtomicLong();

  private RandomPrompts(String dataset, RandomTokens tokens, long seed, int[] prefix,
      int minLength, int maxLength, boolean chat, DatasetContext context) {
    this.dataset = dataset;
    this.tokens = tokens;
    this.seed = seed;
    this.prefix = prefix;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.chat = chat;
    this.context = context;
  }

  static RandomPrompts create(String dataset, DatasetContext context) {
    Tokenizer tokenizer = Requirements.tokenizer(context, dataset, "to generate random prompts");
    RandomTokens tokens = RandomTokens.of(tokenizer);
    long seed = seedOf(context, dataset);
    int templateTokens = 0;
    if (context.applyChatTemplate() && !context.tokenizePrompt()) {
      String empty = Requirements.chatTemplate(tokenizer, dataset)
          .render(List.of(ChatMessage.user("")), true);
      templateTokens = tokenizer.encode(empty, false).length;
    }
    int min = context.minPromptLength() - templateTokens;
    // With the default minimum of 0 there is nothing to warn about: the prompts just start at 0.
    if (min < 0 && context.minPromptLength() > 0) {
      context.warn(dataset + ": minPromptLength " + context.minPromptLength() + " is below the "
          + templateTokens + " tokens of the chat template; random prompts start at 0 tokens");
    }
    min = Math.max(min, 0);
    int max = context.maxPromptLength() - templateTokens;
    if (max < min) {
      throw new IllegalArgumentException("dataset '" + dataset + "' cannot generate prompts:"
          + " maxPromptLength " + context.maxPromptLength() + " minus the " + templateTokens
          + " tokens of the chat template is below minPromptLength " + context.minPromptLength()
          + "; raise maxPromptLength");
    }
    int[] prefix = tokens.randomIds(new SplittableRandom(RandomTokens.itemSeed(seed, -1)),
        context.prefixLength());
    log.info("Dataset {}: random prompts of {} + [{}, {}] tokens (chat template {} tokens,"
        + " vocabulary {} ids, seed {})", dataset, prefix.length, min, max, templateTokens,
        tokens.vocabularySize(), seed);
    return new RandomPrompts(dataset, tokens, seed, prefix, min, max,
        context.applyChatTemplate(), context);
  }

  static long seedOf(DatasetContext context, String dataset) {
    if (context.seed() != null) {
      return context.seed();
    }
    long seed = new SecureRandom().nextLong();
    log.info("Dataset {}: no seed set, using {}; set seed(...) to repeat this run's data",
        dataset, seed);
    return seed;
  }

  long seed() {
    return seed;
  }

  /** Returns the token ids of item {@code index} (prefix included). */
  int[] ids(long index) {
    SplittableRandom random = new SplittableRandom(RandomTokens.itemSeed(seed, index));
    int length = minLength + random.nextInt(maxLength - minLength + 1);
    return tokens.consecutiveIds(random, prefix, length);
  }

  /** Returns the text of item {@code index}; it encodes to as many tokens as {@link #ids}. */
  String text(long index) {
    int[] ids = ids(index);
    SplittableRandom random = new SplittableRandom(RandomTokens.itemSeed(seed ^ 0x5DEECE66DL,
        index));
    RandomTokens.Text text = tokens.converge(ids, random);
    if (text.tokens() != ids.length && mismatches.getAndIncrement() == 0) {
      context.warn(dataset + ": a random prompt has " + text.tokens() + " tokens instead of "
          + ids.length + " after " + RandomTokens.MAX_ROUNDS + " decode/re-encode rounds; later"
          + " mismatches are logged at debug level");
    } else if (text.tokens() != ids.length) {
      log.debug("Dataset {}: prompt {} has {} tokens instead of {}", dataset, index,
          text.tokens(), ids.length);
    }
    return text.text();
  }

  boolean chat() {
    return chat;
  }
}
