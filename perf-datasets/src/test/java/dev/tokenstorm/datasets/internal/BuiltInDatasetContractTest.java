package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.datasets.internal.parquet.ParquetFixtures;
import dev.tokenstorm.testkit.contract.DatasetContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Runs every built-in dataset through the {@link DatasetContract} kit. */
class BuiltInDatasetContractTest {

  private static final String SMOLLM = "smollm-360m-instruct";

  private static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
    return file;
  }

  private static String lines(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(prefix).append(' ').append(i).append('\n');
    }
    return text.toString();
  }

  private static String jsonLines(String field, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("{\"").append(field).append("\": \"question number ").append(i)
          .append("\"}\n");
    }
    return text.toString();
  }

  @Nested
  class OpenQa extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new OpenQaDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      return new TestContext(workDir).path(write(workDir, "open_qa.jsonl", jsonLines("question", 12)))
          .offset(offset).options(options).build();
    }
  }

  @Nested
  class LongAlpaca extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new LongAlpacaDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      String json = "[" + jsonLines("instruction", 10).strip().replace("\n", ",\n") + "]";
      return new TestContext(workDir).path(write(workDir, "LongAlpaca-12k.json", json))
          .offset(offset).options(options).build();
    }
  }

  @Nested
  class LineByLine extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new LineByLineDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      String content = lines("prompt", 6) + "[{\"role\": \"user\", \"content\": \"hi\"}]\n"
          + "{\"messages\": [{\"role\": \"user\", \"content\": \"raw\"}], \"max_tokens\": 3}\n";
      return new TestContext(workDir).path(write(workDir, "prompts.txt", content))
          .offset(offset).options(options).build();
    }
  }

  @Nested
  class Custom extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new CustomDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      return new TestContext(workDir).path(write(workDir, "prompts.txt", lines("line", 9)))
          .chat(false).offset(offset).options(options).build();
    }
  }

  @Nested
  class Flickr8k extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new Flickr8kDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      Path shard = workDir.resolve("0.tar");
      if (!Files.exists(shard)) {
        ImageFixtures.writeShard(shard, 5);
      }
      return new TestContext(workDir).path(shard).offset(offset).options(options).build();
    }
  }

  @Nested
  class KontextBench extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new KontextBenchDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      Path records = workDir.resolve("kontext.jsonl");
      if (!Files.exists(records)) {
        ImageFixtures.writeRecords(records, 5, "instruction");
      }
      return new TestContext(workDir).path(records).offset(offset).options(options).build();
    }
  }

  @Nested
  class KontextBenchParquet extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new KontextBenchDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options) {
      return new TestContext(workDir)
          .path(ParquetFixtures.path(ParquetFixtures.KONTEXT_SNAPPY))
          .offset(offset).options(options).build();
    }
  }

  @Nested
  class Embedding extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new EmbeddingDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      return new TestContext(workDir).path(write(workDir, "texts.txt", lines("text", 7)))
          .chat(false).offset(offset).options(options).build();
    }
  }

  @Nested
  class EmbeddingBatch extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new EmbeddingBatchDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      return new TestContext(workDir).path(write(workDir, "texts.jsonl", jsonLines("text", 40)))
          .chat(false).offset(offset).options(options).build();
    }
  }

  @Nested
  class Rerank extends DatasetContract {
    @Override
    protected Dataset createDataset() {
      return new RerankDataset();
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options)
        throws IOException {
      StringBuilder content = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        content.append("{\"query\": \"q").append(i).append("\", \"documents\": [\"a\", \"b\"]}\n");
      }
      return new TestContext(workDir).path(write(workDir, "pairs.jsonl", content.toString()))
          .chat(false).offset(offset).options(options).build();
    }
  }

  /** The generated datasets: endless, seeded, small lengths to stay fast. */
  abstract static class Generated extends DatasetContract {
    @Override
    protected boolean expectsFiniteIterator() {
      return false;
    }

    @Override
    protected DatasetContext context(Path workDir, long offset, Map<String, Object> options) {
      TestContext context = new TestContext(workDir).tokenizer(TestContext.tokenizer(SMOLLM))
          .lengths(20, 40).offset(offset).options(options);
      context.images = new ImageSettings(32, 24, "RGB", 1, 28);
      return context.build();
    }
  }

  @Nested
  class Random extends Generated {
    @Override
    protected Dataset createDataset() {
      return new RandomDataset();
    }
  }

  @Nested
  class RandomVl extends Generated {
    @Override
    protected Dataset createDataset() {
      return new RandomVlDataset();
    }
  }

  @Nested
  class RandomEmbedding extends Generated {
    @Override
    protected Dataset createDataset() {
      return new RandomEmbeddingDataset();
    }
  }

  @Nested
  class RandomEmbeddingBatch extends Generated {
    @Override
    protected Dataset createDataset() {
      return new RandomEmbeddingBatchDataset();
    }
  }

  @Nested
  class RandomRerank extends Generated {
    @Override
    protected Dataset createDataset() {
      return new RandomRerankDataset();
    }
  }
}
