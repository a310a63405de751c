package dev.tokenstorm.datasets;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.datasets.internal.CustomDataset;
import dev.tokenstorm.datasets.internal.EmbeddingBatchDataset;
import dev.tokenstorm.datasets.internal.EmbeddingDataset;
import dev.tokenstorm.datasets.internal.Flickr8kDataset;
import dev.tokenstorm.datasets.internal.KontextBenchDataset;
import dev.tokenstorm.datasets.internal.LineByLineDataset;
import dev.tokenstorm.datasets.internal.LongAlpacaDataset;
import dev.tokenstorm.datasets.internal.OpenQaDataset;
import dev.tokenstorm.datasets.internal.RandomDataset;
import dev.tokenstorm.datasets.internal.RandomEmbeddingBatchDataset;
import dev.tokenstorm.datasets.internal.RandomEmbeddingDataset;
import dev.tokenstorm.datasets.internal.RandomRerankDataset;
import dev.tokenstorm.datasets.internal.RandomVlDataset;
import dev.tokenstorm.datasets.internal.RerankDataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The built-in datasets of this module, by name. The same datasets are registered for
 * {@link java.util.ServiceLoader}, so {@code PerfRun.builder().dataset("random")} finds them
 * without this class; use it to create one directly or to list the names.
 *
 * {@snippet :
 * Dataset random = Datasets.named("random").orElseThrow();
 * }
 */
public final class Datasets {

  private static final Map<String, Supplier<Dataset>> BUILT_IN = builtIn();

  private Datasets() {}

  private static Map<String, Supplier<Dataset>> builtIn() {
    Map<String, Supplier<Dataset>> map = new LinkedHashMap<>();
    map.put("openqa", OpenQaDataset::new);
    map.put("longalpaca", LongAlpacaDataset::new);
    map.put("line_by_line", LineByLineDataset::new);
    map.put("flickr8k", Flickr8kDataset::new);
    map.put("kontext_bench", KontextBenchDataset::new);
    map.put("random", RandomDataset::new);
    map.put("random_vl", RandomVlDataset::new);
    map.put("embedding", EmbeddingDataset::new);
    map.put("random_embedding", RandomEmbeddingDataset::new);
    map.put("embedding_batch", EmbeddingBatchDataset::new);
    map.put("random_embedding_batch", RandomEmbeddingBatchDataset::new);
    map.put("rerank", RerankDataset::new);
    map.put("random_rerank", RandomRerankDataset::new);
    map.put("custom", CustomDataset::new);
    return Map.copyOf(map);
  }

  /** Returns the names of the built-in datasets, in the order the documentation lists them. */
  public static List<String> builtInNames() {
    return List.of("openqa", "longalpaca", "line_by_line", "flickr8k", "kontext_bench", "random",
        "random_vl", "embedding", "random_embedding", "embedding_batch", "random_embedding_batch",
        "rerank", "random_rerank", "custom");
  }

  /** Returns a new instance of the built-in dataset {@code name}, or empty for other names. */
  public static Optional<Dataset> named(String name) {
    Supplier<Dataset> supplier = BUILT_IN.get(name);
    return supplier == null ? Optional.empty() : Optional.of(supplier.get());
  }
}
