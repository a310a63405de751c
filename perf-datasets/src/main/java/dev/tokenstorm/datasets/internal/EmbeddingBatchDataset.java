package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code embedding_batch}: the texts of {@code embedding}, sent {@code batch_size} per request
 * (a {@code datasetArgs} option, default 8; the last batch of the file may be smaller). The batch
 * size is a dataset option and never appears in the request body.
 */
public final class EmbeddingBatchDataset implements Dataset {

  static final String NAME = "embedding_batch";
  static final int DEFAULT_BATCH_SIZE = 8;

  /** Creates the dataset; it keeps no state between opens. */
  public EmbeddingBatchDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(), Set.of("batch_size"));
    return EmbeddingTexts.open(NAME, context, args.positiveInt("batch_size", DEFAULT_BATCH_SIZE));
  }
}
