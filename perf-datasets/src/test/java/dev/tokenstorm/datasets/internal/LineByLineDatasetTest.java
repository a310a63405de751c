package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LineByLineDatasetTest {

  @TempDir Path dir;

  private List<Query> read(Path file, boolean chat) throws IOException {
    return Queries.all(new LineByLineDataset(), new TestContext(dir).path(file).chat(chat).build());
  }

  @Test
  void plainLinesBecomeUserMessagesOrPrompts() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "  first prompt  \n\n   \nsecond\n");
    assertThat(read(file, true))
        .containsExactly(ChatQuery.ofUserText("first prompt"), ChatQuery.ofUserText("second"));
    assertThat(read(file, false))
        .containsExactly(new PromptQuery("first prompt"), new PromptQuery("second"));
  }

  @Test
  void jsonArrayLinesBecomeChatQueries() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"),
        "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\":"
            + " [{\"type\": \"text\", \"text\": \"what is this?\"}, {\"type\": \"image_url\","
            + " \"image_url\": {\"url\": \"https://example.invalid/a.png\", \"detail\": \"low\"}}]}]\n");
    assertThat(read(file, false)).containsExactly(new ChatQuery(List.of(
        ChatMessage.system("be brief"),
        new ChatMessage("user", List.of(new ContentPart.Text("what is this?"),
            new ContentPart.Image("https://example.invalid/a.png", "low"))))));
  }

  @Test
  void messagesWithToolCallsAreSentVerbatim() throws IOException {
    String messages = "[{\"role\":\"user\",\"content\":\"weather?\"},{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"w\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
        + "\"content\":\"sunny\"}]";
    Path file = Files.writeString(dir.resolve("p.txt"), messages + "\n");
    List<Query> queries = read(file, true);
    assertThat(queries).hasSize(1);
    RawBodyQuery raw = (RawBodyQuery) queries.get(0);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(raw.jsonBody()).get("messages")).isEqualTo(json.readTree(messages));
  }

  @Test
  void jsonObjectLinesAreCompleteBodies() throws IOException {
    String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_tokens\": 7}";
    Path file = Files.writeString(dir.resolve("p.txt"), body + "\n");
    assertThat(read(file, true)).containsExactly(RawBodyQuery.of(body));
  }

  @Test
  void byteOrderMarkAndWindowsLineEndingsReadLikeClean() throws IOException {
    Path clean = Files.writeString(dir.resolve("clean.txt"), "alpha\nbeta\n{\"a\": 1}\n");
    Path windows = dir.resolve("windows.txt");
    Files.write(windows, ("\uFEFFalpha\r\nbeta\r\n{\"a\": 1}\r\n").getBytes(StandardCharsets.UTF_8));
    Path oldMac = dir.resolve("mac.txt");
    Files.write(oldMac, ("alpha\rbeta\r{\"a\": 1}\r").getBytes(StandardCharsets.UTF_8));
    List<Query> expected = read(clean, true);
    assertThat(read(windows, true)).isEqualTo(expected);
    assertThat(read(oldMac, true)).isEqualTo(expected);
    assertThat(Queries.text(expected.get(0))).isEqualTo("alpha");
  }

  @Test
  void lineThatLooksLikeJsonButIsNotIsAPromptWithAWarning() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "[INST] hello [/INST]\n");
    TestContext context = new TestContext(dir).path(file);
    assertThat(Queries.all(new LineByLineDataset(), context.build()))
        .containsExactly(ChatQuery.ofUserText("[INST] hello [/INST]"));
    assertThat(context.warnings).containsExactly("line_by_line: " + file
        + " line 1 starts with '[' but is not valid JSON; sent as a plain prompt");
  }

  @Test
  void jsonArrayThatIsNotMessagesIsRejectedWithLine() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "ok\n[1, 2, 3]\n");
    assertThatThrownBy(() -> read(file, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + " line 2 is a JSON array but not a list of chat messages");
  }

  @Test
  void jsonLinesWithTargetInputLenAreRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "{\"messages\": []}\n");
    assertThatThrownBy(() -> Queries.all(new LineByLineDataset(), new TestContext(dir).path(file)
        .tokenizer(TestContext.tokenizer("phi-3-mini")).options(Map.of("target_input_len", 8))
        .build()))
        .hasMessage(file + " line 1 is a JSON line, which target_input_len cannot shorten or"
            + " pad; remove target_input_len from datasetArgs or use plain-text lines");
  }

  @Test
  void lengthFilterAppliesToPlainLinesOnly() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "ab\nabcdef\n{\"k\": 1}\n");
    List<Query> queries = Queries.all(new LineByLineDataset(),
        new TestContext(dir).path(file).lengths(5, 100).build());
    assertThat(queries).containsExactly(ChatQuery.ofUserText("abcdef"), RawBodyQuery.of("{\"k\": 1}"));
  }

  @Test
  void invalidUtf8NamesTheLine() throws IOException {
    Path file = dir.resolve("p.txt");
    byte[] bytes = "good\nbad \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);
    assertThatThrownBy(() -> read(file, true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file + " line 2 is not valid UTF-8; save the file as UTF-8");
  }

  @Test
  void utf16FileIsRejected() throws IOException {
    Path file = dir.resolve("p.txt");
    Files.write(file, "\uFEFFhello\n".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> read(file, true))
        .hasMessage(file + " is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it"
            + " as UTF-8");
  }

  @Test
  void missingOrFolderPathIsRejected() {
    assertThatThrownBy(() -> Queries.all(new LineByLineDataset(), new TestContext(dir).build()))
        .hasMessage("dataset 'line_by_line' needs datasetPath(...): a text file with one prompt"
            + " per line");
    assertThatThrownBy(() -> read(dir, true))
        .hasMessageContaining("is a folder; set it to a text file with one prompt per line");
    assertThatThrownBy(() -> read(dir.resolve("none.txt"), true))
        .hasMessageContaining("none.txt of dataset 'line_by_line' does not exist");
  }

  @Test
  void fileOfBlankLinesIsAnEmptyDataset() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "\n  \n\r\n");
    assertThatThrownBy(() -> read(file, true))
        .hasMessage("dataset 'line_by_line' found no records in " + file
            + "; check that the file has data in the expected format");
  }

  @Test
  void offsetRotatesAndWrapsAroundTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "a\nb\nc\nd\n");
    assertThat(Queries.texts(Queries.all(new LineByLineDataset(),
        new TestContext(dir).path(file).offset(1).build()))).containsExactly("b", "c", "d", "a");
    assertThat(Queries.texts(Queries.all(new LineByLineDataset(),
        new TestContext(dir).path(file).offset(10).build()))).containsExactly("c", "d", "a", "b");
    assertThat(Queries.texts(Queries.all(new LineByLineDataset(),
        new TestContext(dir).path(file).offset(4).build()))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void offsetCountsItemsThatPassTheFilter() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "x\nlong one\ny\nlong two\nlong three\n");
    assertThat(Queries.texts(Queries.all(new LineByLineDataset(),
        new TestContext(dir).path(file).lengths(3, 100).offset(1).build())))
        .containsExactly("long two", "long three", "long one");
  }

  @Test
  void customDatasetTreatsEveryLineAsText() throws IOException {
    Path file = Files.writeString(dir.resolve("p.txt"), "{\"not\": \"json here\"}\nplain\n");
    assertThat(Queries.all(new CustomDataset(), new TestContext(dir).path(file).chat(false).build()))
        .containsExactly(new PromptQuery("{\"not\": \"json here\"}"), new PromptQuery("plain"));
  }
}
