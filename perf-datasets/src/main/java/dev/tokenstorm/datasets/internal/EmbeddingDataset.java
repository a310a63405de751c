package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code embedding}: one text per request from {@code datasetPath}; see {@link EmbeddingTexts} for
 * the file formats. Takes no {@code datasetArgs}.
 */
public final class EmbeddingDataset implements Dataset {

  static final String NAME = "embedding";

  /** Creates the dataset; it keeps no state between opens. */
  public EmbeddingDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs.of(NAME, context.options(), Set.of());
    return EmbeddingTexts.open(NAME, context, 1);
  }
}
