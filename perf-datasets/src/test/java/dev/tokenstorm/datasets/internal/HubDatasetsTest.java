package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.datasets.internal.hub.FakeModelScope;
import dev.tokenstorm.datasets.internal.parquet.ParquetFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hub datasets without datasetPath download from the configured endpoint into the cache. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubDatasetsTest {

  @TempDir Path dir;

  @Test
  void openQaDownloadsOpenQaJsonlFromTheHub() throws IOException {
    byte[] file = "{\"question\": \"你好吗？\"}\n{\"question\": \"second\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    try (FakeModelScope hub = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", file).file("finance.jsonl", new byte[] {1})) {
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      List<Query> queries = Queries.all(new OpenQaDataset(), context.build());
      assertThat(queries).containsExactly(ChatQuery.ofUserText("你好吗？"),
          ChatQuery.ofUserText("second"));
      assertThat(dir.resolve("cache/modelscope/datasets/AI-ModelScope/HC3-Chinese/open_qa.jsonl"))
          .hasBinaryContent(file);
      int requests = hub.requests().size();
      assertThat(Queries.all(new OpenQaDataset(), context.build())).hasSize(2);
      assertThat(hub.requests()).hasSize(requests);
    }
  }

  @Test
  void longAlpacaDownloadsItsJsonFile() throws IOException {
    byte[] file = "[{\"instruction\": \"long one\"}]".getBytes(StandardCharsets.UTF_8);
    try (FakeModelScope hub = new FakeModelScope("AI-ModelScope", "LongAlpaca-12k")
        .file("LongAlpaca-12k.json", file)) {
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      context.dataSource = "modelscope";
      assertThat(Queries.all(new LongAlpacaDataset(), context.build()))
          .containsExactly(ChatQuery.ofUserText("long one"));
    }
  }

  @Test
  void flickr8kDownloadsTheTestShards() throws IOException {
    Path shard = dir.resolve("shard.tar");
    ImageFixtures.writeShard(shard, 2);
    try (FakeModelScope hub = new FakeModelScope("clip-benchmark", "wds_flickr8k")
        .file("test/0.tar", Files.readAllBytes(shard))
        .file("train/0.tar", Files.readAllBytes(shard))
        .file("README.md", new byte[] {'x'})) {
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      List<Query> queries = Queries.all(new Flickr8kDataset(), context.build());
      assertThat(queries).hasSize(2);
      assertThat(hub.requests()).anyMatch(r -> r.contains("FilePath=test%2F0.tar"))
          .noneMatch(r -> r.contains("FilePath=train"));
    }
  }

  @Test
  void kontextBenchDownloadsTestSplitParquet() throws IOException {
    byte[] first = ParquetFixtures.bytes(ParquetFixtures.KONTEXT_SNAPPY);
    byte[] second = ParquetFixtures.bytes(ParquetFixtures.KONTEXT_ZSTD);
    try (FakeModelScope hub = new FakeModelScope("black-forest-labs", "kontext-bench")
        .file("README.md", new byte[] {'x'})
        .file("data/train-00000-of-00001.parquet", new byte[] {1, 2, 3})
        .file("data/test-00001-of-00002.parquet", second)
        .file("data/test-00000-of-00002.parquet", first)) {
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      List<Query> queries = Queries.all(new KontextBenchDataset(), context.build());
      assertThat(queries).hasSize(10);
      assertThat(((ChatQuery) queries.get(0)).messages().get(0).text())
          .isEqualTo("Make the sky purple");
      assertThat(((ChatQuery) queries.get(2)).messages().get(0).text())
          .isEqualTo(KontextBenchDataset.DEFAULT_TEXT);
      Path cache = dir.resolve("cache/modelscope/datasets/black-forest-labs/kontext-bench/data");
      assertThat(cache.resolve("test-00000-of-00002.parquet")).hasBinaryContent(first);
      assertThat(cache.resolve("test-00001-of-00002.parquet")).hasBinaryContent(second);
      assertThat(cache.resolve("train-00000-of-00001.parquet")).doesNotExist();
      assertThat(hub.requests())
          .anyMatch(r -> r.contains("FilePath=data%2Ftest-00000-of-00002.parquet"))
          .anyMatch(r -> r.contains("FilePath=data%2Ftest-00001-of-00002.parquet"))
          .noneMatch(r -> r.contains("FilePath=data%2Ftrain"))
          .noneMatch(r -> r.contains("FilePath=README.md"));
    }
  }

  @Test
  void kontextBenchResumesCutDownload() throws IOException {
    byte[] file = ParquetFixtures.bytes(ParquetFixtures.KONTEXT_SNAPPY);
    try (FakeModelScope hub = new FakeModelScope("black-forest-labs", "kontext-bench")
        .file("data/test-00000-of-00001.parquet", file)) {
      hub.cutDownloads(1, 1000);
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      assertThat(Queries.all(new KontextBenchDataset(), context.build())).hasSize(5);
      assertThat(hub.requests()).anyMatch(r -> r.endsWith("[Range: bytes=1000-]"));
    }
  }

  @Test
  void kontextBenchWithoutTestSplitFails() throws IOException {
    try (FakeModelScope hub = new FakeModelScope("black-forest-labs", "kontext-bench")
        .file("data/train-00000-of-00001.parquet", new byte[] {1})) {
      TestContext context = new TestContext(dir);
      context.hubEndpoint = hub.endpoint();
      assertThatThrownBy(() -> Queries.all(new KontextBenchDataset(), context.build()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("dataset black-forest-labs/kontext-bench on " + hub.endpoint()
              + " has no test-split .parquet files");
    }
  }

  @Test
  void kontextBenchSelectsTestSplitFiles() {
    assertThat(KontextBenchDataset.isTestSplitParquet("data/test-00000-of-00003.parquet"))
        .isTrue();
    assertThat(KontextBenchDataset.isTestSplitParquet("test/0000.parquet")).isTrue();
    assertThat(KontextBenchDataset.isTestSplitParquet("default/test/0001.parquet")).isTrue();
    assertThat(KontextBenchDataset.isTestSplitParquet("test.parquet")).isTrue();
    assertThat(KontextBenchDataset.isTestSplitParquet("data/train-00000-of-00001.parquet"))
        .isFalse();
    assertThat(KontextBenchDataset.isTestSplitParquet("data/test-00000-of-00001.arrow"))
        .isFalse();
    assertThat(KontextBenchDataset.isTestSplitParquet("data/contest-0.parquet")).isFalse();
  }
}
