package dev.tokenstorm.datasets.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.datasets.internal.hub.FakeModelScope;
import dev.tokenstorm.datasets.internal.parquet.ParquetFixtures;
import dev.tokenstorm.datasets.tokenizer.HuggingFaceTokenizerProvider;
import dev.tokenstorm.datasets.tokenizer.TokenizerFixtures;
import dev.tokenstorm.testkit.server.RequestTruth;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each dataset mode run through {@code PerfRun.builder()} against the simulated server, checking
 * the request bodies the server received.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatasetsEndToEndTest {

  private static final Path PHI = TokenizerFixtures.folder("phi-3-mini");

  /**
   * Tokens of "What is in this picture?" as one user message in phi-3's chat template, with the
   * generation prompt, as the phi-3-mini fixture encodes it through DJL 0.36.0.
   */
  private static final int TEMPLATE_TOKENS_OF_QUESTION = 9;
  private static SimulatedLlmServer server;
  private static Tokenizer tokenizer;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = SimulatedLlmServer.builder().outputTokens(3).start();
    tokenizer = new HuggingFaceTokenizerProvider().load(PHI);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private PerfRun.Builder run(String url) {
    server.reset();
    return PerfRun.builder().url(url).model("m").parallel(1).maxTokens(3).seed(7L)
        .testConnection(false).noOutputFiles();
  }

  private static List<JsonNode> bodies() {
    return server.requests().stream().map(RequestTruth::json)
        .map(json -> json.orElseThrow()).toList();
  }

  private static List<String> userTexts() {
    return bodies().stream().map(body -> {
      JsonNode messages = body.get("messages");
      return messages.get(messages.size() - 1).get("content").asText();
    }).toList();
  }

  @Test
  void openQaFromTheHubSendsQuestionsAsMessages() throws IOException {
    byte[] file = "{\"question\": \"  What is AI?  \"}\n{\"question\": \"什么是大模型？\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    try (FakeModelScope hub = new FakeModelScope("AI-ModelScope", "HC3-Chinese")
        .file("open_qa.jsonl", file)) {
      PerfResult result = run(server.chatCompletionsUrl()).dataset("openqa").number(4)
          .hubEndpoint(hub.endpoint()).datasetCacheDir(dir).build().run();
      assertThat(result.runs()).hasSize(1);
      assertThat(userTexts()).containsExactly("What is AI?", "什么是大模型？", "What is AI?",
          "什么是大模型？");
      assertThat(bodies().get(0).get("messages")).hasSize(1);
      assertThat(bodies().get(0).get("messages").get(0).get("role").asText()).isEqualTo("user");
    }
  }

  @Test
  void lineByLineSendsPromptsMessagesAndRawBodies() throws IOException {
    Path file = Files.writeString(dir.resolve("lines.txt"), "plain prompt\r\n"
        + "[{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": \"q\"}]\r\n"
        + "{\"messages\": [{\"role\": \"user\", \"content\": \"raw\"}], \"max_tokens\": 9}\r\n");
    run(server.chatCompletionsUrl()).dataset("line_by_line").datasetPath(file).number(3).build()
        .run();
    List<JsonNode> bodies = bodies();
    assertThat(bodies.get(0).get("messages").get(0).get("content").asText())
        .isEqualTo("plain prompt");
    assertThat(bodies.get(1).get("messages")).hasSize(2);
    assertThat(bodies.get(1).get("messages").get(0).get("content").asText()).isEqualTo("sys");
    assertThat(bodies.get(2).get("messages").get(0).get("content").asText()).isEqualTo("raw");
    assertThat(bodies.get(2).get("max_tokens").asInt()).isEqualTo(9);
    assertThat(bodies.get(2).get("model").asText()).isEqualTo("m");
  }

  @Test
  void datasetOffsetAdvancesBetweenSweepRuns() throws IOException {
    Path file = Files.writeString(dir.resolve("lines.txt"), "a\nb\nc\nd\ne\n");
    run(server.chatCompletionsUrl()).dataset("line_by_line").datasetPath(file)
        .parallel(1, 1).number(2, 2).sleepInterval(java.time.Duration.ZERO).build().run();
    assertThat(userTexts()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void datasetArgsTargetLengthCutsPromptsWithTheTokenizer() throws IOException {
    Path file = Files.writeString(dir.resolve("lines.txt"),
        "The quick brown fox jumps over the lazy dog again and again and again\n");
    run(server.chatCompletionsUrl()).dataset("line_by_line").datasetPath(file).number(1)
        .tokenizerPath(PHI).datasetArgs(Map.of("target_input_len", 6)).build().run();
    assertThat(tokenizer.count(userTexts().get(0))).isEqualTo(6);
    assertThat(bodies().get(0).has("target_input_len")).isFalse();
  }

  @Test
  void randomSendsPromptsOfTheRequestedTokenLengths() {
    run(server.completionsUrl()).dataset("random").tokenizerPath(PHI).minPromptLength(30)
        .maxPromptLength(60).number(5).build().run();
    for (JsonNode body : bodies()) {
      String prompt = body.get("prompt").asText();
      assertThat(tokenizer.count(prompt)).isBetween(30, 60);
      assertThat(body.has("messages")).isFalse();
    }
  }

  @Test
  void randomWithTokenizePromptSendsTokenIds() {
    run(server.chatCompletionsUrl()).dataset("random").tokenizerPath(PHI).tokenizePrompt(true)
        .minPromptLength(10).maxPromptLength(20).prefixLength(4).number(4).build().run();
    List<JsonNode> bodies = bodies();
    assertThat(server.requests()).allMatch(request -> request.path().equals("/v1/completions"));
    JsonNode firstPrefix = bodies.get(0).get("prompt");
    for (JsonNode body : bodies) {
      JsonNode ids = body.get("prompt");
      assertThat(ids.isArray()).isTrue();
      assertThat(ids.size()).isBetween(14, 24);
      for (int i = 0; i < 4; i++) {
        assertThat(ids.get(i).asInt()).isEqualTo(firstPrefix.get(i).asInt());
      }
    }
  }

  @Test
  void randomVlSendsTextAndImagesOfTheConfiguredSize() throws IOException {
    run(server.chatCompletionsUrl()).dataset("random_vl").tokenizerPath(PHI)
        .minPromptLength(20).maxPromptLength(30).imageWidth(40).imageHeight(30).imageNum(2)
        .number(2).build().run();
    for (JsonNode body : bodies()) {
      JsonNode content = body.get("messages").get(0).get("content");
      assertThat(content).hasSize(3);
      assertThat(content.get(0).get("type").asText()).isEqualTo("text");
      String url = content.get(1).get("image_url").get("url").asText();
      assertThat(url).startsWith("data:image/png;base64,");
      var image = ImageIO.read(new ByteArrayInputStream(
          Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()))));
      assertThat(image.getWidth()).isEqualTo(40);
      assertThat(image.getHeight()).isEqualTo(30);
    }
  }

  @Test
  void flickr8kSendsCaptionsWithJpegImages() throws IOException {
    Path records = dir.resolve("r.jsonl");
    Files.writeString(records, "{\"image\": \"" + Base64.getEncoder().encodeToString(
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}) + "\", \"caption\": \"a dog\"}\n");
    run(server.chatCompletionsUrl()).dataset("flickr8k").datasetPath(records).number(1).build()
        .run();
    JsonNode content = bodies().get(0).get("messages").get(0).get("content");
    assertThat(content.get(0).get("text").asText()).isEqualTo("a dog");
    assertThat(content.get(1).get("image_url").get("url").asText())
        .isEqualTo("data:image/jpeg;base64,/9j/AA==");
  }

  @Test
  void kontextBenchFromHubSendsJpegImages() throws IOException {
    try (FakeModelScope hub = new FakeModelScope("black-forest-labs", "kontext-bench")
        .file("data/test-00000-of-00001.parquet",
            ParquetFixtures.bytes(ParquetFixtures.KONTEXT_SNAPPY))) {
      run(server.chatCompletionsUrl()).dataset("kontext_bench").number(5)
          .hubEndpoint(hub.endpoint()).datasetCacheDir(dir).build().run();
    }
    List<JsonNode> bodies = bodies();
    assertThat(bodies).hasSize(5);
    for (int i = 0; i < 5; i++) {
      JsonNode content = bodies.get(i).get("messages").get(0).get("content");
      String instruction = ParquetFixtures.KONTEXT_INSTRUCTIONS[i];
      assertThat(content).hasSize(2);
      assertThat(content.get(0).get("type").asText()).isEqualTo("text");
      assertThat(content.get(0).get("text").asText())
          .isEqualTo(instruction == null ? "Describe the image" : instruction);
      assertThat(content.get(1).get("type").asText()).isEqualTo("image_url");
      assertThat(content.get(1).get("image_url").get("url").asText())
          .startsWith("data:image/jpeg;base64,");
    }
    assertThat(bodies.get(1).get("messages").get(0).get("content").get(1).get("image_url")
        .get("url").asText())
        .isEqualTo("data:image/jpeg;base64,"
            + Base64.getEncoder().encodeToString(ParquetFixtures.jpeg()));
    String reencoded = bodies.get(0).get("messages").get(0).get("content").get(1)
        .get("image_url").get("url").asText();
    var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
        reencoded.substring("data:image/jpeg;base64,".length()))));
    assertThat(image.getWidth()).isEqualTo(30);
    assertThat(image.getHeight()).isEqualTo(20);
  }

  @Test
  void promptTokensWithoutUsageAddImagePatches() throws IOException {
    String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(100, 60));
    String text = "What is in this picture?";
    Path lines = Files.writeString(dir.resolve("images.jsonl"),
        imageMessage(text, png) + "\n" + imageMessage(text, "https://example.invalid/cat.jpg")
            + "\n");
    RecordingSink sink = new RecordingSink();
    PerfResult result = run(server.chatCompletionsUrl()).dataset("line_by_line")
        .datasetPath(lines).tokenizerPath(PHI).number(2).imagePatchSize(28)
        // Without include_usage the simulated server sends no usage chunk.
        .extraArgs(Map.of("stream_options", Map.of("include_usage", false)))
        .sink(sink).build().run();

    assertThat(bodies()).allMatch(body ->
        !body.get("stream_options").get("include_usage").asBoolean());
    // The phi-3 template is text-only, so the prompt is counted as rendered from the text alone.
    int templateTokens = tokenizer.encode(tokenizer.chatTemplate().orElseThrow()
        .render(List.of(ChatMessage.user(text)), true), false).length;
    assertThat(templateTokens).isEqualTo(TEMPLATE_TOKENS_OF_QUESTION);
    List<RequestRecord> records = sink.records();
    assertThat(records).hasSize(2);
    assertThat(records).allMatch(record -> record.tokenSource() == TokenSource.TOKENIZER);
    // 100 x 60 pixels in 28-pixel patches: ceil(60 / 28) * ceil(100 / 28) = 3 * 4 = 12.
    assertThat(records.get(0).promptTokens()).hasValue(templateTokens + 12);
    assertThat(records.get(1).promptTokens()).hasValue(templateTokens);
    assertThat(result.runs().get(0).warnings()).contains("The prompt tokens estimated for"
        + " requests without server usage leave out 1 image: 1 given by URL, which the client"
        + " does not download.");
  }

  @Test
  void visionTemplatePlaceholdersAreCounted() throws IOException {
    // A template that renders image parts as a placeholder token, as vision models' templates do.
    Path folder = Files.createDirectories(dir.resolve("vision-tokenizer"));
    Files.copy(PHI.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
    Files.writeString(folder.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% for m in"
        + " messages %}<|user|>{% for p in m['content'] %}{% if p['type'] == 'text' %}"
        + "{{ p['text'] }}{% else %}<|placeholder1|>{% endif %}{% endfor %}<|end|>{% endfor %}"
        + "<|assistant|>\"}");
    String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(png(57, 29));
    Path lines = Files.writeString(dir.resolve("image.jsonl"), imageMessage("Hi", png) + "\n");
    RecordingSink sink = new RecordingSink();
    run(server.chatCompletionsUrl()).dataset("line_by_line").datasetPath(lines)
        .tokenizerPath(folder).number(1)
        .extraArgs(Map.of("stream_options", Map.of("include_usage", false)))
        .sink(sink).build().run();

    // <|user|> Hi <|placeholder1|> <|end|> <|assistant|>, then 57 x 29 pixels: 2 * 3 patches.
    int placeholderPrompt = tokenizer.encode("<|user|>Hi<|placeholder1|><|end|><|assistant|>",
        false).length;
    assertThat(placeholderPrompt).isEqualTo(5);
    assertThat(sink.records().get(0).promptTokens()).hasValue(placeholderPrompt + 6);
    assertThat(sink.reports().get(0).warnings())
        .noneMatch(warning -> warning.contains("leave out"));
  }

  private static String imageMessage(String text, String url) {
    return "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"" + text
        + "\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": \"" + url + "\"}}]}]";
  }

  private static byte[] png(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void embeddingBatchSendsBatchesWithoutTheBatchSizeOption() throws IOException {
    Path texts = Files.writeString(dir.resolve("texts.txt"), "one\ntwo\nthree\n");
    run(server.baseUrl() + "/embeddings").api("openai_embedding").dataset("embedding_batch")
        .datasetPath(texts).datasetArgs(Map.of("batch_size", 2)).number(2).build().run();
    List<JsonNode> bodies = bodies();
    assertThat(bodies.get(0).get("input")).hasSize(2);
    assertThat(bodies.get(0).get("input").get(1).asText()).isEqualTo("two");
    // A batch of one text is sent as a plain string.
    assertThat(bodies.get(1).get("input").asText()).isEqualTo("three");
    assertThat(bodies).allMatch(body -> !body.has("batch_size"));
  }

  @Test
  void randomEmbeddingSendsTextsOfTheRequestedTokenLengths() {
    run(server.baseUrl() + "/embeddings").api("openai_embedding").dataset("random_embedding")
        .tokenizerPath(PHI).minPromptLength(16).maxPromptLength(16).number(3).build().run();
    for (JsonNode body : bodies()) {
      JsonNode input = body.get("input");
      String text = input.isArray() ? input.get(0).asText() : input.asText();
      assertThat(tokenizer.count(text)).isEqualTo(16);
    }
  }

  @Test
  void rerankSendsQueryAndDocuments() throws IOException {
    Path pairs = Files.writeString(dir.resolve("pairs.jsonl"),
        "{\"query\": \"capital of France\", \"documents\": [\"Paris\", \"Rome\"]}\n");
    run(server.baseUrl() + "/rerank").api("openai_rerank").dataset("rerank").datasetPath(pairs)
        .number(1).build().run();
    JsonNode body = bodies().get(0);
    assertThat(body.get("query").asText()).isEqualTo("capital of France");
    assertThat(body.get("documents")).hasSize(2);
    assertThat(body.get("documents").get(0).asText()).isEqualTo("Paris");
  }

  @Test
  void randomRerankSendsDocumentsWithoutTheDatasetOptions() {
    run(server.baseUrl() + "/rerank").api("openai_rerank").dataset("random_rerank")
        .tokenizerPath(PHI).minPromptLength(4).maxPromptLength(4)
        .datasetArgs(Map.of("num_documents", 3, "document_length_ratio", 2)).number(2).build()
        .run();
    for (JsonNode body : bodies()) {
      assertThat(tokenizer.count(body.get("query").asText())).isEqualTo(4);
      assertThat(body.get("documents")).hasSize(3);
      assertThat(tokenizer.count(body.get("documents").get(0).asText())).isEqualTo(8);
      assertThat(body.has("num_documents")).isFalse();
      assertThat(body.has("document_length_ratio")).isFalse();
    }
  }

  @Test
  void userDatasetIsFoundByName() {
    run(server.chatCompletionsUrl()).dataset("echo_test").number(3).build().run();
    assertThat(userTexts()).containsExactly("echo 0", "echo 1", "echo 2");
  }

  @Test
  void missingTokenizerFileFailsBeforeTraffic() {
    assertThatThrownBy(() -> run(server.chatCompletionsUrl()).dataset("random")
        .tokenizerPath(dir).number(1).build().run())
        .hasMessageContaining("tokenizer.json");
    assertThat(server.requests()).isEmpty();
  }
}
