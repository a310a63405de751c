package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
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

/** Length filters, target lengths and prefix injection of the text datasets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TextDatasetsTest {

  private static final Tokenizer PHI = TestContext.tokenizer("phi-3-mini");
  private static final Tokenizer TINYLLAMA = TestContext.tokenizer("tinyllama-1.1b-chat-v1.0");

  @TempDir Path dir;

  private Path questions(String... texts) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String text : texts) {
      lines.append("{\"question\": \"").append(text).append("\", \"human_answers\": []}\n");
    }
    return Files.writeString(dir.resolve("open_qa.jsonl"), lines);
  }

  @Test
  void lengthFilterCountsCharactersWithoutTokenizer() throws IOException {
    Path file = questions("abc", "abcdef", "  abcdefghi  ", "今天天气");
    List<Query> queries = Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(file).lengths(4, 6).build());
    assertThat(Queries.texts(queries)).containsExactly("abcdef", "今天天气");
  }

  @Test
  void lengthFilterCountsChatTemplatedTokensWithTokenizer() throws IOException {
    Path file = questions("Hello world", "Hello world and more words here");
    int templated = PHI.encode(PHI.chatTemplate().orElseThrow()
        .render(List.of(ChatMessage.user("Hello world")), true), false).length;
    assertThat(templated).isEqualTo(5);
    List<Query> queries = Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(file).tokenizer(PHI).lengths(templated, templated).build());
    assertThat(queries).containsExactly(ChatQuery.ofUserText("Hello world"));
  }

  @Test
  void lengthFilterCountsSpecialTokensWithoutChatTemplate() throws IOException {
    Path file = questions("Hello world", "Hello");
    List<Query> queries = Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(TINYLLAMA).chat(false).lengths(3, 3).build());
    assertThat(queries).containsExactly(new PromptQuery("Hello world"));
  }

  @Test
  void chatTemplateIsRequiredForTemplatedLengths(@TempDir Path tokenizerDir) throws Exception {
    Files.copy(dev.tokenstorm.datasets.tokenizer.TokenizerFixtures.folder("phi-3-mini")
        .resolve("tokenizer.json"), tokenizerDir.resolve("tokenizer.json"));
    Tokenizer bare = new dev.tokenstorm.datasets.tokenizer.HuggingFaceTokenizerProvider()
        .load(tokenizerDir);
    Path file = questions("Hello world");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(file).tokenizer(bare).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no chat_template")
        .hasMessageContaining("applyChatTemplate(false)");
  }

  @Test
  void targetInputLenCutsLongPromptsToExactTokens() throws IOException {
    String longText = "The quick brown fox jumps over the lazy dog again and again";
    Path file = questions(longText, "Hello world");
    List<Query> queries = Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", 5)).build());
    assertThat(queries).hasSize(2);
    assertThat(PHI.count(Queries.text(queries.get(0)))).isEqualTo(5);
    assertThat(longText).startsWith(Queries.text(queries.get(0)));
    assertThat(Queries.text(queries.get(1))).isEqualTo("Hello world");
  }

  @Test
  void dropModeDropsShorterPrompts() throws IOException {
    Path file = questions("The quick brown fox jumps over the lazy dog", "Hello world");
    List<Query> queries = Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", 5, "input_len_mode", "drop")).build());
    assertThat(queries).hasSize(1);
    assertThat(PHI.count(Queries.text(queries.get(0)))).isEqualTo(5);
  }

  @Test
  void prefixFileFillsShortPromptsAsSystemMessage() throws IOException {
    Path prefix = Files.writeString(dir.resolve("prefix.txt"),
        "Shared context about foxes and dogs that every prompt starts with.");
    Path file = questions("Hello world", "Hi");
    List<Query> queries = Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", 12, "prefix_file", prefix.toString()))
        .build());
    for (Query query : queries) {
      List<ChatMessage> messages = ((ChatQuery) query).messages();
      assertThat(messages).hasSize(2);
      assertThat(messages.get(0).role()).isEqualTo("system");
      assertThat(PHI.count(messages.get(0).text()) + PHI.count(messages.get(1).text()))
          .isEqualTo(12);
      assertThat(messages.get(0).text()).startsWith("Shared context");
    }
    assertThat(((ChatQuery) queries.get(0)).messages().get(1).text()).isEqualTo("Hello world");
  }

  @Test
  void userPrefixRoleGoesInFrontOfThePrompt() throws IOException {
    Path prefix = Files.writeString(dir.resolve("prefix.txt"), "Alpha beta gamma delta.");
    Path file = questions("Hello world");
    List<Query> queries = Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", 8, "prefix_file", prefix.toString(),
            "prefix_role", "user")).build());
    ChatQuery query = (ChatQuery) queries.get(0);
    assertThat(query.messages()).hasSize(1);
    assertThat(query.messages().get(0).text()).startsWith("Alpha").endsWith("Hello world");
  }

  @Test
  void systemPrefixWithoutChatMessagesWarnsAndPrepends() throws IOException {
    Path prefix = Files.writeString(dir.resolve("prefix.txt"), "Alpha beta gamma delta.");
    Path file = questions("Hello world");
    TestContext context = new TestContext(dir).path(file).tokenizer(PHI).chat(false)
        .options(Map.of("target_input_len", 8, "prefix_file", prefix.toString()));
    List<Query> queries = Queries.all(new OpenQaDataset(), context.build());
    assertThat(((PromptQuery) queries.get(0)).prompt()).startsWith("Alpha").endsWith("Hello world");
    assertThat(context.warnings).anyMatch(w -> w.contains("prefix_role=system needs chat"));
  }

  @Test
  void invalidTextOptionsAreRejectedByName() throws IOException {
    Path file = questions("Hello world");
    Path prefix = Files.writeString(dir.resolve("prefix.txt"), "x");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", -3)).build()))
        .hasMessage("datasetArgs target_input_len of dataset 'openqa' must be a positive integer"
            + " but was -3");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("input_len_mode", "pad")).build()))
        .hasMessageContaining("input_len_mode").hasMessageContaining("one of cap, drop");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("prefix_file", prefix.toString())).build()))
        .hasMessageContaining("prefix_file").hasMessageContaining("needs target_input_len");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .tokenizer(PHI).options(Map.of("target_input_len", 4, "input_len_mode", "drop",
            "prefix_file", prefix.toString())).build()))
        .hasMessageContaining("cannot be combined with input_len_mode=drop");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .options(Map.of("target_input_len", 4)).build()))
        .hasMessageContaining("needs a tokenizer for datasetArgs target_input_len")
        .hasMessageContaining("tokenizerPath");
  }

  @Test
  void unknownDatasetArgsAreRejectedListingTheSupportedKeys() throws IOException {
    Path file = questions("Hello world");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(file).options(Map.of("batch_size", 4, "zzz", 1)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("datasetArgs keys batch_size, zzz are not supported by dataset 'openqa';"
            + " supported keys: input_len_mode, prefix_file, prefix_role, target_input_len");
    assertThatThrownBy(() -> Queries.all(new RandomDataset(),
        new TestContext(dir).tokenizer(PHI).options(Map.of("target_input_len", 4)).build()))
        .hasMessage("datasetArgs key target_input_len is not supported by dataset 'random';"
            + " it accepts no datasetArgs");
  }

  @Test
  void recordsWithoutTheFieldAreSkippedAndCounted() throws IOException {
    Path file = Files.writeString(dir.resolve("open_qa.jsonl"),
        "{\"question\": \"one\"}\n{\"answer\": \"no question\"}\n\n{\"question\": \"\"}\n"
            + "{\"question\": \"two\"}\n");
    TestContext context = new TestContext(dir).path(file);
    List<Query> queries = Queries.all(new OpenQaDataset(), context.build());
    assertThat(Queries.texts(queries)).containsExactly("one", "two");
    assertThat(context.warnings).hasSize(2);
    assertThat(context.warnings.get(0)).isEqualTo("openqa: " + file
        + " line 2 has no text field 'question'; record skipped");
    assertThat(context.warnings.get(1)).contains(file + " line 4");
  }

  @Test
  void invalidJsonLineNamesFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("open_qa.jsonl"),
        "{\"question\": \"one\"}\n{\"question\": \"two\"}\n{\"question\": broken}\n");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).path(file)
        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + " line 3 is not valid JSON")
        .hasMessageEndingWith("fix the line or remove it");
  }

  @Test
  void emptyDatasetAfterFilteringNamesTheFilterAndCounts() throws IOException {
    Path file = questions("a", "b", "c");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(file).lengths(5, 10).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset 'openqa' has no prompts left: of 3 records in " + file + ", 0 lacked"
            + " the expected fields and 3 were removed by prompt length filter 5 <= characters"
            + " <= 10; widen the length settings or use other data");
  }

  @Test
  void folderDatasetPathUsesTheExpectedFileInside() throws IOException {
    questions("from folder");
    assertThat(Queries.texts(Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(dir).build()))).containsExactly("from folder");
  }

  @Test
  void folderWithoutTheExpectedFileIsRejected(@TempDir Path empty) {
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(empty).build()))
        .hasMessage("datasetPath " + empty + " of dataset 'openqa' is a folder without"
            + " open_qa.jsonl; point datasetPath at the data file or at a folder containing"
            + " open_qa.jsonl");
  }

  @Test
  void missingDatasetPathIsRejected() {
    Path missing = dir.resolve("missing.jsonl");
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(),
        new TestContext(dir).path(missing).build()))
        .hasMessage("datasetPath " + missing + " of dataset 'openqa' does not exist; set it to an"
            + " existing file or folder");
  }

  @Test
  void noPathAndNoHubEndpointSaysWhatToSet() {
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), new TestContext(dir).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has neither datasetPath nor hubEndpoint")
        .hasMessageContaining("open_qa.jsonl")
        .hasMessageContaining("AI-ModelScope/HC3-Chinese");
    TestContext local = new TestContext(dir);
    local.dataSource = "local";
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), local.build()))
        .hasMessageContaining("has dataSource local but no datasetPath");
    TestContext other = new TestContext(dir);
    other.dataSource = "huggingface";
    assertThatThrownBy(() -> Queries.all(new OpenQaDataset(), other.build()))
        .hasMessageContaining("dataSource 'huggingface' of dataset 'openqa' is not supported");
  }

  @Test
  void longAlpacaReadsJsonArraysAndJsonLines() throws IOException {
    Path array = Files.writeString(dir.resolve("LongAlpaca-12k.json"),
        "[{\"instruction\": \" first \", \"output\": \"x\"},\n {\"instruction\": \"second\"}]");
    assertThat(Queries.texts(Queries.all(new LongAlpacaDataset(),
        new TestContext(dir).path(array).build()))).containsExactly("first", "second");
    Path lines = Files.writeString(dir.resolve("alpaca.jsonl"), "{\"instruction\": \"third\"}\n");
    assertThat(Queries.texts(Queries.all(new LongAlpacaDataset(),
        new TestContext(dir).path(lines).build()))).containsExactly("third");
  }

  @Test
  void longAlpacaFileThatIsNotAnArrayIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("data.json"), "{\"instruction\": \"x\"}");
    assertThatThrownBy(() -> Queries.all(new LongAlpacaDataset(),
        new TestContext(dir).path(file).build()))
        .hasMessageContaining("must hold a JSON array of records");
  }
}
