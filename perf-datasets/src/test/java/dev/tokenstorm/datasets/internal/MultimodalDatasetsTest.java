package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.datasets.internal.parquet.ParquetFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultimodalDatasetsTest {

  @TempDir Path dir;

  private static ChatMessage onlyMessage(Query query) {
    List<ChatMessage> messages = ((ChatQuery) query).messages();
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).role()).isEqualTo("user");
    return messages.get(0);
  }

  private static byte[] dataUrlBytes(String url, String mediaType) {
    String prefix = "data:" + mediaType + ";base64,";
    assertThat(url).startsWith(prefix);
    return Base64.getDecoder().decode(url.substring(prefix.length()));
  }

  private static BufferedImage decode(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void randomVlSendsTextAndGeneratedPngImages() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(20, 30);
    context.images = new ImageSettings(64, 48, "RGB", 2, 28);
    List<Query> queries = Queries.take(new RandomVlDataset(), context.build(), 5);
    for (Query query : queries) {
      List<ContentPart> parts = onlyMessage(query).content();
      assertThat(parts).hasSize(3);
      assertThat(parts.get(0)).isInstanceOf(ContentPart.Text.class);
      for (ContentPart part : parts.subList(1, 3)) {
        BufferedImage image =
            decode(dataUrlBytes(((ContentPart.Image) part).url(), "image/png"));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
      }
    }
    assertThat(Queries.take(new RandomVlDataset(), context.build(), 5)).isEqualTo(queries);
  }

  @Test
  void randomVlGrayModeMakesGrayImages() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(10, 20);
    context.images = new ImageSettings(8, 8, "L", 1, 28);
    ContentPart.Image image = (ContentPart.Image) onlyMessage(
        Queries.take(new RandomVlDataset(), context.build(), 1).get(0)).content().get(1);
    assertThat(decode(dataUrlBytes(image.url(), "image/png")).getType())
        .isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
  }

  @Test
  void randomVlRejectsUnknownModesAndTokenIds() {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(10, 20);
    context.images = new ImageSettings(8, 8, "CMYK", 1, 28);
    assertThatThrownBy(() -> Queries.take(new RandomVlDataset(), context.build(), 1))
        .hasMessage("imageFormat 'CMYK' of dataset 'random_vl' is not supported; use one of RGB,"
            + " RGBA, L");
    context.images = ImageSettings.DEFAULTS;
    context.tokenizePrompt = true;
    assertThatThrownBy(() -> Queries.take(new RandomVlDataset(), context.build(), 1))
        .hasMessage("dataset 'random_vl' cannot send token ids: set tokenizePrompt(false)");
  }

  @Test
  void flickr8kReadsWebDatasetShardsInOrder() throws IOException {
    Path shards = Files.createDirectories(dir.resolve("wds").resolve("test"));
    ImageFixtures.writeShard(shards.resolve("0.tar"), 3);
    ImageFixtures.writeShard(shards.resolve("1.tar"), 2);
    List<Query> queries = Queries.all(new Flickr8kDataset(),
        new TestContext(dir).path(dir.resolve("wds")).build());
    assertThat(queries).hasSize(5);
    assertThat(queries.stream().map(q -> onlyMessage(q).text()))
        .containsExactly("caption 0", "caption 1", "caption 2", "caption 0", "caption 1");
    ContentPart.Image image = (ContentPart.Image) onlyMessage(queries.get(1)).content().get(1);
    assertThat(dataUrlBytes(image.url(), "image/jpeg")).isEqualTo(ImageFixtures.image(40, "jpeg"));
  }

  @Test
  void recordsWithImagePathsBase64AndUrlsAreAccepted() throws IOException {
    Files.write(dir.resolve("a.png"), ImageFixtures.image(10, "png"));
    String base64 = Base64.getEncoder().encodeToString(ImageFixtures.image(20, "jpeg"));
    Path records = Files.writeString(dir.resolve("records.jsonl"),
        "{\"image\": \"a.png\", \"caption\": \"from file\"}\n"
            + "{\"image\": \"" + base64 + "\", \"caption\": \"from base64\"}\n"
            + "{\"image\": \"https://example.invalid/x.jpg\", \"caption\": \"from url\"}\n"
            + "{\"image\": \"a.png\"}\n");
    TestContext context = new TestContext(dir).path(records);
    List<Query> queries = Queries.all(new Flickr8kDataset(), context.build());
    assertThat(queries).hasSize(3);
    String pngAsJpeg = ((ContentPart.Image) onlyMessage(queries.get(0)).content().get(1)).url();
    BufferedImage converted = decode(dataUrlBytes(pngAsJpeg, "image/jpeg"));
    assertThat(converted.getWidth()).isEqualTo(16);
    assertThat(((ContentPart.Image) onlyMessage(queries.get(2)).content().get(1)).url())
        .isEqualTo("https://example.invalid/x.jpg");
    assertThat(context.warnings).containsExactly("flickr8k: " + records
        + " line 4 has no text field (txt, caption, text); record skipped");
  }

  @Test
  void imageFolderWithTextFilesIsAccepted() throws IOException {
    Files.write(dir.resolve("b.jpg"), ImageFixtures.image(5, "jpeg"));
    Files.writeString(dir.resolve("b.txt"), "make it blue\n");
    Files.write(dir.resolve("c.png"), ImageFixtures.image(6, "png"));
    List<Query> queries = Queries.all(new KontextBenchDataset(),
        new TestContext(dir).path(dir).build());
    assertThat(queries.stream().map(q -> onlyMessage(q).text()))
        .containsExactly("make it blue", KontextBenchDataset.DEFAULT_TEXT);
  }

  @Test
  void kontextBenchUsesInstructionAndDefaultText() throws IOException {
    Path records = dir.resolve("k.jsonl");
    ImageFixtures.writeRecords(records, 2, "instruction");
    Files.writeString(records, Files.readString(records)
        + "{\"image\": \"" + Base64.getEncoder().encodeToString(ImageFixtures.image(1, "png"))
        + "\"}\n");
    List<Query> queries = Queries.all(new KontextBenchDataset(),
        new TestContext(dir).path(records).build());
    assertThat(queries.stream().map(q -> onlyMessage(q).text()))
        .containsExactly("edit 0", "edit 1", "Describe the image");
  }

  @Test
  void kontextBenchWithoutPathOrEndpointAsksForOne() {
    assertThatThrownBy(() -> Queries.all(new KontextBenchDataset(), new TestContext(dir).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset 'kontext_bench' has neither datasetPath nor hubEndpoint")
        .hasMessageContaining("black-forest-labs/kontext-bench");
  }

  @ParameterizedTest
  @ValueSource(strings = {ParquetFixtures.KONTEXT_SNAPPY, ParquetFixtures.KONTEXT_ZSTD,
      "kontext-gzip-v2-plain.parquet", "kontext-uncompressed-v1-plain.parquet"})
  void kontextBenchReadsParquetRows(String fixture) throws IOException {
    List<Query> queries = Queries.all(new KontextBenchDataset(),
        new TestContext(dir).path(ParquetFixtures.path(fixture)).build());
    assertThat(queries).hasSize(5);
    for (int i = 0; i < 5; i++) {
      String instruction = ParquetFixtures.KONTEXT_INSTRUCTIONS[i];
      List<ContentPart> parts = onlyMessage(queries.get(i)).content();
      assertThat(parts.get(0)).isEqualTo(new ContentPart.Text(
          instruction == null ? KontextBenchDataset.DEFAULT_TEXT : instruction));
      assertThat(parts).hasSize(2);
    }
    // Rows 1 and 3 hold a JPEG, sent as it is; the PNGs of rows 0, 2 and 4 are re-encoded.
    String jpegUrl = ((ContentPart.Image) onlyMessage(queries.get(1)).content().get(1)).url();
    assertThat(dataUrlBytes(jpegUrl, "image/jpeg")).isEqualTo(ParquetFixtures.jpeg());
    String pngUrl = ((ContentPart.Image) onlyMessage(queries.get(2)).content().get(1)).url();
    BufferedImage reencoded = decode(dataUrlBytes(pngUrl, "image/jpeg"));
    assertThat(reencoded.getWidth()).isEqualTo(57);
    assertThat(reencoded.getHeight()).isEqualTo(29);
  }

  @Test
  void kontextBenchReadsParquetFolderInOrder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("kontext/data"));
    Files.copy(ParquetFixtures.path(ParquetFixtures.KONTEXT_ZSTD),
        folder.resolve("test-00001-of-00002.parquet"));
    Files.copy(ParquetFixtures.path(ParquetFixtures.KONTEXT_SNAPPY),
        folder.resolve("test-00000-of-00002.parquet"));
    TestContext context = new TestContext(dir).path(dir.resolve("kontext")).offset(4);
    List<Query> queries = Queries.all(new KontextBenchDataset(), context.build());
    assertThat(queries).hasSize(10);
    // Offset 4 starts at the last row of the first file.
    assertThat(onlyMessage(queries.get(0)).text()).isEqualTo("Replace the text with 'OPEN'");
    assertThat(onlyMessage(queries.get(1)).text()).isEqualTo("Make the sky purple");
    assertThat(context.warnings).isEmpty();
  }

  @Test
  void flickr8kParquetWithoutCaptionColumnIsRejected() {
    Path file = ParquetFixtures.path(ParquetFixtures.KONTEXT_SNAPPY);
    assertThatThrownBy(() -> Queries.all(new Flickr8kDataset(),
        new TestContext(dir).path(file).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parquet file " + file + " of dataset 'flickr8k' has no text column (txt,"
            + " caption, text); its columns are [image.bytes, image.path, instruction,"
            + " category]");
  }

  @Test
  void parquetWithoutImageColumnIsRejected() {
    Path file = ParquetFixtures.path("nested-list.parquet");
    assertThatThrownBy(() -> Queries.all(new KontextBenchDataset(),
        new TestContext(dir).path(file).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Parquet file " + file + " of dataset 'kontext_bench' has no"
            + " image column")
        .hasMessageContaining("its columns are [id, tags.list.element]");
  }

  @Test
  void corruptParquetFileFailsNamingTheFile() throws IOException {
    Path file = dir.resolve("broken.parquet");
    Files.writeString(file, "PAR1 not really");
    assertThatThrownBy(() -> Queries.all(new KontextBenchDataset(),
        new TestContext(dir).path(file).build()))
        .hasMessageContaining(file + " is not a Parquet file");
  }

  @Test
  void invalidImageValueNamesTheRecord() throws IOException {
    Path records = Files.writeString(dir.resolve("r.jsonl"),
        "{\"image\": \"not an image!\", \"caption\": \"x\"}\n");
    assertThatThrownBy(() -> Queries.all(new Flickr8kDataset(),
        new TestContext(dir).path(records).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(records + " line 1: image 'not an image!' is neither an existing"
            + " file");
  }

  @Test
  void folderWithoutImagesOrShardsIsRejected() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> Queries.all(new Flickr8kDataset(),
        new TestContext(dir).path(empty).build()))
        .hasMessageContaining("has no .tar shards, no .parquet files and no .jpg, .jpeg or .png"
            + " images");
  }
}
