package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddingAndRerankDatasetsTest {

  private static final Tokenizer SMOLLM = TestContext.tokenizer("smollm-360m-instruct");

  @TempDir Path dir;

  @Test
  void embeddingReadsTextJsonAndJsonLinesFiles() throws IOException {
    Path txt = Files.writeString(dir.resolve("a.txt"), " one \n\ntwo\n");
    Path json = Files.writeString(dir.resolve("b.json"),
        "[\"one\", {\"input\": \"two\"}, {\"sentence\": \"three\"}, {\"other\": 1}]");
    Path jsonl = Files.writeString(dir.resolve("c.jsonl"),
        "{\"content\": \"one\"}\n\"two\"\n{\"text\": \"\", \"input\": \"three\"}\n");
    assertThat(Queries.all(new EmbeddingDataset(), new TestContext(dir).path(txt).build()))
        .containsExactly(new EmbeddingQuery(List.of("one")), new EmbeddingQuery(List.of("two")));
    TestContext jsonContext = new TestContext(dir).path(json);
    assertThat(Queries.all(new EmbeddingDataset(), jsonContext.build())).hasSize(3);
    assertThat(jsonContext.warnings).singleElement().asString().contains(json + " line 1")
        .contains("record skipped");
    assertThat(Queries.all(new EmbeddingDataset(), new TestContext(dir).path(jsonl).build()))
        .extracting(q -> ((EmbeddingQuery) q).inputs().get(0))
        .containsExactly("one", "two", "three");
  }

  @Test
  void embeddingLengthFilterCountsTokensWithSpecialTokens() throws IOException {
    Path txt = Files.writeString(dir.resolve("a.txt"), "Hello world\nHello\n");
    Tokenizer tinyllama = TestContext.tokenizer("tinyllama-1.1b-chat-v1.0");
    assertThat(Queries.all(new EmbeddingDataset(),
        new TestContext(dir).path(txt).tokenizer(tinyllama).lengths(3, 3).build()))
        .containsExactly(new EmbeddingQuery(List.of("Hello world")));
  }

  @Test
  void embeddingRejectsUnknownExtensions() throws IOException {
    Path csv = Files.writeString(dir.resolve("a.csv"), "x");
    assertThatThrownBy(() -> Queries.all(new EmbeddingDataset(),
        new TestContext(dir).path(csv).build()))
        .hasMessage("datasetPath " + csv + " of dataset 'embedding' must end in .txt, .json or"
            + " .jsonl, which selects how it is read");
  }

  @Test
  void embeddingBatchGroupsTextsAndKeepsTheLastPartialBatch() throws IOException {
    Path txt = Files.writeString(dir.resolve("a.txt"), "1\n2\n3\n4\n5\n6\n7\n");
    List<Query> queries = Queries.all(new EmbeddingBatchDataset(),
        new TestContext(dir).path(txt).options(Map.of("batch_size", 3)).build());
    assertThat(queries).containsExactly(new EmbeddingQuery(List.of("1", "2", "3")),
        new EmbeddingQuery(List.of("4", "5", "6")), new EmbeddingQuery(List.of("7")));
    List<Query> defaults = Queries.all(new EmbeddingBatchDataset(),
        new TestContext(dir).path(txt).build());
    assertThat(((EmbeddingQuery) defaults.get(0)).inputs()).hasSize(7);
    assertThatThrownBy(() -> Queries.all(new EmbeddingBatchDataset(),
        new TestContext(dir).path(txt).options(Map.of("batch_size", 0)).build()))
        .hasMessage("datasetArgs batch_size of dataset 'embedding_batch' must be a positive"
            + " integer but was 0");
  }

  @Test
  void randomEmbeddingTextsHaveExactLengths() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(SMOLLM).lengths(8, 64)
        .options(Map.of("batch_size", 4));
    List<Query> queries = Queries.take(new RandomEmbeddingBatchDataset(), context.build(), 20);
    List<Query> ids = Queries.take(new RandomEmbeddingBatchDataset(), context.build(), 20);
    assertThat(ids).isEqualTo(queries);
    for (Query query : queries) {
      List<String> inputs = ((EmbeddingQuery) query).inputs();
      assertThat(inputs).hasSize(4);
      for (String input : inputs) {
        assertThat(SMOLLM.count(input)).isBetween(8, 64);
      }
    }
  }

  @Test
  void randomEmbeddingLengthsSwapReversedBounds() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(SMOLLM).lengths(12, 12);
    for (Query query : Queries.take(new RandomEmbeddingDataset(), context.build(), 10)) {
      assertThat(SMOLLM.count(((EmbeddingQuery) query).inputs().get(0))).isEqualTo(12);
    }
    TestContext reversed = new TestContext(dir).tokenizer(SMOLLM).lengths(20, 10);
    for (Query query : Queries.take(new RandomEmbeddingDataset(), reversed.build(), 10)) {
      assertThat(SMOLLM.count(((EmbeddingQuery) query).inputs().get(0))).isBetween(10, 20);
    }
  }

  @Test
  void rerankReadsQueryAndDocumentFields() throws IOException {
    Path jsonl = Files.writeString(dir.resolve("r.jsonl"),
        "{\"query\": \"q1\", \"documents\": [\"a\", {\"text\": \"b\"}]}\n"
            + "{\"query\": \"q2\", \"passages\": [\"c\"]}\n"
            + "{\"query\": \"q3\"}\n"
            + "{\"query\": \"q4\", \"texts\": [\"d\", \"e\"]}\n");
    TestContext context = new TestContext(dir).path(jsonl);
    assertThat(Queries.all(new RerankDataset(), context.build())).containsExactly(
        new RerankQuery("q1", List.of("a", "b")), new RerankQuery("q2", List.of("c")),
        new RerankQuery("q4", List.of("d", "e")));
    assertThat(context.warnings).singleElement().asString().contains(jsonl + " line 3");
    Path json = Files.writeString(dir.resolve("r.json"),
        "[{\"query\": \"q\", \"documents\": [\"x\"]}]");
    assertThat(Queries.all(new RerankDataset(), new TestContext(dir).path(json).build()))
        .containsExactly(new RerankQuery("q", List.of("x")));
  }

  @Test
  void randomRerankDocumentsFollowTheLengthRatio() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(SMOLLM).lengths(4, 10)
        .options(Map.of("num_documents", 3, "document_length_ratio", 1.5));
    for (Query query : Queries.take(new RandomRerankDataset(), context.build(), 10)) {
      RerankQuery rerank = (RerankQuery) query;
      int queryTokens = SMOLLM.count(rerank.query());
      assertThat(queryTokens).isBetween(4, 10);
      assertThat(rerank.documents()).hasSize(3);
      for (String document : rerank.documents()) {
        assertThat(SMOLLM.count(document)).isEqualTo((int) Math.floor(queryTokens * 1.5));
      }
    }
    assertThatThrownBy(() -> Queries.take(new RandomRerankDataset(), new TestContext(dir)
        .tokenizer(SMOLLM).options(Map.of("document_length_ratio", "x")).build(), 1))
        .hasMessage("datasetArgs document_length_ratio of dataset 'random_rerank' must be a"
            + " positive number but was x");
  }

  @Test
  void randomDatasetsNeedATokenizer() {
    assertThatThrownBy(() -> Queries.take(new RandomRerankDataset(), new TestContext(dir).build(), 1))
        .hasMessageContaining("dataset 'random_rerank' needs a tokenizer");
    assertThatThrownBy(() -> Queries.take(new RandomEmbeddingDataset(),
        new TestContext(dir).build(), 1))
        .hasMessageContaining("dataset 'random_embedding' needs a tokenizer");
  }
}
