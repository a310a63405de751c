package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RerankQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code random_rerank}: endless random rerank requests. The query has {@code q} tokens, drawn
 * from {@code [max(1, minPromptLength), max(1, maxPromptLength)]}; each of {@code num_documents}
 * documents (default 10) has {@code max(1, floor(q * document_length_ratio))} tokens (ratio
 * default 5). Both are {@code datasetArgs} options and never appear in the request body. Needs a
 * tokenizer.
 */
public final class RandomRerankDataset implements Dataset {

  static final String NAME = "random_rerank";

  /** Creates the dataset; it keeps no state between opens. */
  public RandomRerankDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(),
        Set.of("num_documents", "document_length_ratio"));
    int documentCount = args.positiveInt("num_documents", 10);
    double ratio = args.positiveNumber("document_length_ratio", 5.0);
    RandomTexts texts = RandomTexts.create(NAME, context);
    return new Lookahead<Query>(index -> {
      SplittableRandom random = texts.random(index);
      int queryLength = texts.drawLength(random);
      String query = texts.text(random, queryLength);
      int documentLength = (int) Math.max(1, Math.floor(queryLength * ratio));
      List<String> documents = new ArrayList<>(documentCount);
      for (int i = 0; i < documentCount; i++) {
        documents.add(texts.text(random, documentLength));
      }
      return new RerankQuery(query, documents);
    }, context.offset(), RandomDataset.LOOKAHEAD_WINDOW, Lookahead.defaultThreads(), NAME);
  }
}
