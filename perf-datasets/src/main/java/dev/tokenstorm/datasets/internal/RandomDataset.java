package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.TokenIdsQuery;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code random}: endless prompts of random vocabulary tokens with lengths drawn from
 * {@code [minPromptLength, maxPromptLength]} tokens, reproducible from {@code seed}. See
 * {@link RandomPrompts} for the algorithm.
 *
 * <p>Needs a tokenizer. With {@code tokenizePrompt} the token ids are sent as they are; else the
 * text is a user message ({@code applyChatTemplate}) or a {@code prompt} string. Takes no
 * {@code datasetArgs}.
 */
public final class RandomDataset implements Dataset {

  static final String NAME = "random";
  static final int LOOKAHEAD_WINDOW = 64;

  /** Creates the dataset; it keeps no state between opens. */
  public RandomDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    DatasetArgs.of(NAME, context.options(), Set.of());
    RandomPrompts prompts = RandomPrompts.create(NAME, context);
    if (context.tokenizePrompt()) {
      return new Lookahead<Query>(index -> new TokenIdsQuery(prompts.ids(index)),
          context.offset(), LOOKAHEAD_WINDOW, Lookahead.defaultThreads(), NAME);
    }
    return new Lookahead<Query>(index -> {
      String text = prompts.text(index);
      return prompts.chat() ? ChatQuery.ofUserText(text) : new PromptQuery(text);
    }, context.offset(), LOOKAHEAD_WINDOW, Lookahead.defaultThreads(), NAME);
  }
}
