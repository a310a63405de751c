package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code random_embedding}: endless single random texts to embed, each of a token length drawn
 * from {@code [max(1, minPromptLength), max(1, maxPromptLength)]}; see {@link RandomTexts}. Needs a
 * tokenizer; takes no {@code datasetArgs}.
 */
public final class RandomEmbeddingDataset implements Dataset {

  static final String NAME = "random_embedding";

  /** Creates the dataset; it keeps no state between opens. */
  public RandomEmbeddingDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    DatasetArgs.of(NAME, context.options(), Set.of());
    return open(NAME, context, 1);
  }

  static Iterator<Query> open(String dataset, DatasetContext context, int batchSize) {
    RandomTexts texts = RandomTexts.create(dataset, context);
    return new Lookahead<Query>(index -> {
      var random = texts.random(index);
      String[] batch = new String[batchSize];
      for (int i = 0; i < batchSize; i++) {
        batch[i] = texts.text(random, texts.drawLength(random));
      }
      return new EmbeddingQuery(List.of(batch));
    }, context.offset(), RandomDataset.LOOKAHEAD_WINDOW, Lookahead.defaultThreads(), dataset);
  }
}
