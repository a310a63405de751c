package dev.tokenstorm.datasets.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.tokenizer.TokenizerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HuggingFaceTokenizerProviderTest {

  private static final Map<String, String> SHA256 = Map.of(
      "phi-3-mini/tokenizer.json",
      "9e2ae3d66819f163cdcfedba5078f3a3af8118c2712491ed60912f77886bda6f",
      "phi-3-mini/tokenizer_config.json",
      "e7571cb644e0bbba12e73a1a0e11b9897fbf62ed0fe183d5c75d47eb86fa24e9",
      "tinyllama-1.1b-chat-v1.0/tokenizer.json",
      "7b3206a4de884963d96d9a66fb47aeb0bdf72938f468102aa696cad019624fae",
      "tinyllama-1.1b-chat-v1.0/tokenizer_config.json",
      "7b41ba7d0eb91e77914ca3dafde559ea3e19878769b7e68409e89bed5222e77a",
      "smollm-360m-instruct/tokenizer.json",
      "9ca9acddb6525a194ec8ac7a87f24fbba7232a9a15ffa1af0c1224fcd888e47c",
      "smollm-360m-instruct/tokenizer_config.json",
      "75668bda11eb0d5ece137b4eb3fb2ad679f847fd19846b726369a26d92f9f28e");

  private final TokenizerProvider provider = new HuggingFaceTokenizerProvider();
  private JsonNode reference;

  @BeforeAll
  void readReference() throws IOException {
    reference = new ObjectMapper()
        .readTree(TokenizerFixtures.root().resolve("reference-encodings.json").toFile());
  }

  @Test
  void fixtureFilesMatchTheirChecksums() throws Exception {
    for (Map.Entry<String, String> entry : SHA256.entrySet()) {
      Path file = TokenizerFixtures.root().resolve(entry.getKey());
      assertThat(sha256(file)).as(entry.getKey()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void providerIsRegisteredForServiceLoader() {
    assertThat(StreamSupport.stream(ServiceLoader.load(TokenizerProvider.class).spliterator(), false)
        .map(Object::getClass))
        .contains(HuggingFaceTokenizerProvider.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"phi-3-mini", "tinyllama-1.1b-chat-v1.0", "smollm-360m-instruct"})
  void encodesReferenceTextsToReferenceIds(String family) throws Exception {
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(TokenizerFixtures.folder(family))) {
      for (JsonNode example : reference.path("families").path(family)) {
        String text = example.path("text").asText();
        assertThat(tokenizer.encode(text, false)).as("%s without special tokens: %s", family, text)
            .containsExactly(ints(example.path("ids_no_special")));
        if (example.has("ids_with_special")) {
          assertThat(tokenizer.encode(text, true)).as("%s with special tokens: %s", family, text)
              .containsExactly(ints(example.path("ids_with_special")));
        }
        assertThat(tokenizer.count(text)).isEqualTo(example.path("ids_no_special").size());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"phi-3-mini", "tinyllama-1.1b-chat-v1.0", "smollm-360m-instruct"})
  void decodeRoundTripsPlainText(String family) throws Exception {
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(TokenizerFixtures.folder(family))) {
      for (String text : new String[] {"Hello world", "今天天气很好，我们去公园散步吧。",
          "I love pizza 🍕 and rockets 🚀!"}) {
        assertThat(tokenizer.decode(tokenizer.encode(text, false), true)).isEqualTo(text);
      }
    }
  }

  @Test
  void tokenizerFileItselfIsAcceptedAsPath() throws Exception {
    Path file = TokenizerFixtures.folder("smollm-360m-instruct").resolve("tokenizer.json");
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(file)) {
      assertThat(tokenizer.encode("Hello world", false)).containsExactly(19556, 905);
      assertThat(tokenizer.chatTemplate()).isPresent();
    }
  }

  @Test
  void vocabularyAndSpecialIdsComeFromTokenizerJson() throws Exception {
    try (DjlTokenizer phi = (DjlTokenizer) provider.load(TokenizerFixtures.folder("phi-3-mini"));
        DjlTokenizer smol =
            (DjlTokenizer) provider.load(TokenizerFixtures.folder("smollm-360m-instruct"))) {
      assertThat(phi.vocabularySize()).isEqualTo(32011);
      assertThat(phi.specialTokenIds()).contains(0, 1, 32000, 32001, 32006, 32007, 32010);
      assertThat(phi.tokenString(3)).contains("<0x00>");
      assertThat(phi.tokenString(32010)).contains("<|user|>");
      assertThat(phi.tokenString(99999)).isEmpty();
      assertThat(smol.vocabularySize()).isEqualTo(49152);
      assertThat(smol.specialTokenIds()).contains(0, 1, 2);
      assertThat(smol.tokenString(1)).contains("<|im_start|>");
    }
  }

  @Test
  void longTextIsNotTruncated() throws Exception {
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(TokenizerFixtures.folder("phi-3-mini"))) {
      String text = "The quick brown fox jumps over the lazy dog. ".repeat(2000);
      assertThat(tokenizer.count(text)).isEqualTo(24001);
    }
  }

  @Test
  void missingPathIsReportedWithWhatToDo(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> provider.load(missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("tokenizer.json");
  }

  @Test
  void folderWithoutTokenizerJsonIsRejected(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
    assertThatThrownBy(() -> provider.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("folder without tokenizer.json");
  }

  @Test
  void invalidTokenizerJsonNamesTheFileAndLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{\n \"model\": {\n  \"vocab\": [1,\n}");
    assertThatThrownBy(() -> provider.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("tokenizer.json").toString())
        .hasMessageContaining("is not valid JSON (line 4)");
  }

  @Test
  void folderWithoutTokenizerConfigHasNoChatTemplate(@TempDir Path dir) throws Exception {
    Files.copy(TokenizerFixtures.folder("smollm-360m-instruct").resolve("tokenizer.json"),
        dir.resolve("tokenizer.json"));
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(dir)) {
      assertThat(tokenizer.chatTemplate()).isEmpty();
      assertThat(tokenizer.count("Hello world")).isEqualTo(2);
    }
  }

  @Test
  void chatTemplateJinjaFileWinsOverTokenizerConfig(@TempDir Path dir) throws Exception {
    Path source = TokenizerFixtures.folder("smollm-360m-instruct");
    Files.copy(source.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.copy(source.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
    Files.writeString(dir.resolve("chat_template.jinja"),
        "{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}{{ eos_token }}\n");
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(dir)) {
      assertThat(tokenizer.chatTemplate().orElseThrow()
          .render(java.util.List.of(dev.tokenstorm.api.query.ChatMessage.user("hi")), true))
          .isEqualTo("[user:hi]<|im_end|>");
    }
  }

  private static int[] ints(JsonNode array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).asInt();
    }
    return ids;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      digest.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
