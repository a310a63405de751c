package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code random_embedding_batch}: like {@code random_embedding}, with {@code batch_size} texts per
 * request (a {@code datasetArgs} option, default 8, never sent in the request body).
 */
public final class RandomEmbeddingBatchDataset implements Dataset {

  static final String NAME = "random_embedding_batch";

  /** Creates the dataset; it keeps no state between opens. */
  public RandomEmbeddingBatchDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(), Set.of("batch_size"));
    return RandomEmbeddingDataset.open(NAME, context,
        args.positiveInt("batch_size", EmbeddingBatchDataset.DEFAULT_BATCH_SIZE));
  }
}
