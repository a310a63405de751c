package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.datasets.internal.hub.FakeModelScope;
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
}
