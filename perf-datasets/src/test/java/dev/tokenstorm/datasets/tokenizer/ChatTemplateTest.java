package dev.tokenstorm.datasets.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatTemplateTest {

  private static final List<ChatMessage> SYSTEM_AND_USER =
      List.of(ChatMessage.system("You are helpful."), ChatMessage.user("Hello world"));
  private static final List<ChatMessage> FOUR_TURNS = List.of(
      ChatMessage.system("You are helpful."), ChatMessage.user("Hello world"),
      ChatMessage.of("assistant", "Hi!"), ChatMessage.user("Bye"));

  private final HuggingFaceTokenizerProvider provider = new HuggingFaceTokenizerProvider();

  /** Renders produced by Hugging Face's apply_chat_template settings (Jinja2 3.1.6). */
  static Stream<Arguments> fixtureRenders() {
    return Stream.of(
        Arguments.of("phi-3-mini", true, SYSTEM_AND_USER,
            "<|system|>\nYou are helpful.<|end|>\n<|user|>\nHello world<|end|>\n<|assistant|>\n"),
        Arguments.of("phi-3-mini", false, FOUR_TURNS,
            "<|system|>\nYou are helpful.<|end|>\n<|user|>\nHello world<|end|>\n<|assistant|>\n"
                + "Hi!<|end|>\n<|user|>\nBye<|end|>\n<|endoftext|>"),
        Arguments.of("tinyllama-1.1b-chat-v1.0", true, SYSTEM_AND_USER,
            "<|system|>\nYou are helpful.</s>\n<|user|>\nHello world</s>\n<|assistant|>\n"),
        Arguments.of("tinyllama-1.1b-chat-v1.0", false, FOUR_TURNS,
            "<|system|>\nYou are helpful.</s>\n<|user|>\nHello world</s>\n<|assistant|>\nHi!</s>\n"
                + "<|user|>\nBye</s>\n"),
        Arguments.of("smollm-360m-instruct", true, SYSTEM_AND_USER,
            "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHello world"
                + "<|im_end|>\n<|im_start|>assistant\n"),
        Arguments.of("smollm-360m-instruct", false, FOUR_TURNS,
            "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHello world"
                + "<|im_end|>\n<|im_start|>assistant\nHi!<|im_end|>\n<|im_start|>user\nBye"
                + "<|im_end|>\n"));
  }

  @ParameterizedTest(name = "{0} add_generation_prompt={1}")
  @MethodSource("fixtureRenders")
  void fixtureTemplatesRenderAsHuggingFace(String family, boolean addGenerationPrompt,
      List<ChatMessage> messages, String expected) throws Exception {
    try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(TokenizerFixtures.folder(family))) {
      assertThat(tokenizer.chatTemplate().orElseThrow().render(messages, addGenerationPrompt))
          .isEqualTo(expected);
    }
  }

  @Test
  void renderedFixturePromptsEncodeToReferenceIds() throws Exception {
    JsonNode reference = new ObjectMapper()
        .readTree(TokenizerFixtures.root().resolve("reference-encodings.json").toFile());
    for (String family : TokenizerFixtures.FAMILIES) {
      try (DjlTokenizer tokenizer = (DjlTokenizer) provider.load(TokenizerFixtures.folder(family))) {
        String rendered = tokenizer.chatTemplate().orElseThrow().render(SYSTEM_AND_USER, true);
        JsonNode expected = chatPromptEntry(reference.path("families").path(family));
        assertThat(rendered).as(family).isEqualTo(expected.path("text").asText());
        assertThat(tokenizer.encode(rendered, false)).as(family)
            .containsExactly(ints(expected.path("ids_no_special")));
      }
    }
  }

  static Stream<Arguments> jinja2Cases() throws IOException {
    try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/jinja-cases.json")) {
      JsonNode cases = new ObjectMapper().readTree(in).path("cases");
      List<Arguments> arguments = new ArrayList<>();
      cases.forEach(node -> arguments.add(Arguments.of(node.path("name").asText(), node)));
      return arguments.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jinja2Cases")
  void templatesRenderAsJinja2(String name, JsonNode testCase) {
    Map<String, Object> variables = new LinkedHashMap<>();
    testCase.path("variables").properties().forEach(entry -> variables.put(entry.getKey(),
        new ObjectMapper().convertValue(entry.getValue(), Object.class)));
    ChatTemplate template = new JinjaChatTemplate(testCase.path("template").asText(),
        Path.of(name + ".json"), variables);
    List<ChatMessage> messages = messages(testCase.path("messages"));
    boolean addGenerationPrompt = testCase.path("add_generation_prompt").asBoolean();
    if (testCase.has("error")) {
      assertThatThrownBy(() -> template.render(messages, addGenerationPrompt))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name + ".json")
          .hasMessageContaining("the template raised an exception: "
              + testCase.path("error").asText());
    } else {
      assertThat(template.render(messages, addGenerationPrompt))
          .isEqualTo(testCase.path("expected").asText());
    }
  }

  @Test
  void unclosedTagFailsNamingTheFileAndLine() {
    assertThatThrownBy(() -> new JinjaChatTemplate("a\n{% if x %}b\n{{ y ", Path.of("cfg.json"),
        Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cfg.json")
        .hasMessageContaining("unclosed expression starting on line 3");
  }

  @Test
  void unknownTagFailsNamingTheFile() {
    ChatTemplate template =
        new JinjaChatTemplate("{% no_such_tag %}{{ messages }}", Path.of("cfg.json"), Map.of());
    assertThatThrownBy(() -> template.render(SYSTEM_AND_USER, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chat template in cfg.json cannot be rendered")
        .hasMessageContaining("Unknown tag: no_such_tag");
  }

  @Test
  void imagePartsReachTheTemplateAsOpenAiContentParts() {
    ChatTemplate template = new JinjaChatTemplate(
        "{% for m in messages %}{% for c in m.content %}{% if c.type == 'text' %}{{ c.text }}"
            + "{% else %}<img {{ c.image_url.url }}>{% endif %}{% endfor %}{% endfor %}",
        Path.of("cfg.json"), Map.of());
    ChatMessage message = new ChatMessage("user",
        List.of(new ContentPart.Text("look: "), ContentPart.Image.of("data:image/png;base64,AA")));
    assertThat(template.render(List.of(message), true))
        .isEqualTo("look: <img data:image/png;base64,AA>");
  }

  @Test
  void strftimeFormatsPythonDirectives() {
    LocalDateTime time = LocalDateTime.of(2024, 7, 26, 9, 5, 3);
    assertThat(TemplateFunctions.strftime(time, "%d %b %Y")).isEqualTo("26 Jul 2024");
    assertThat(TemplateFunctions.strftime(time, "%Y-%m-%d %H:%M:%S %A %B %j %%"))
        .isEqualTo("2024-07-26 09:05:03 Friday July 208 %");
  }

  private static List<ChatMessage> messages(JsonNode array) {
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode node : array) {
      JsonNode content = node.path("content");
      if (content.isTextual()) {
        messages.add(ChatMessage.of(node.path("role").asText(), content.asText()));
        continue;
      }
      List<ContentPart> parts = new ArrayList<>();
      for (JsonNode part : content) {
        parts.add(part.path("type").asText().equals("text")
            ? new ContentPart.Text(part.path("text").asText())
            : ContentPart.Image.of(part.path("image_url").path("url").asText()));
      }
      messages.add(new ChatMessage(node.path("role").asText(), parts));
    }
    return messages;
  }

  private static JsonNode chatPromptEntry(JsonNode family) {
    for (JsonNode entry : family) {
      if (entry.path("text").asText().contains("Hello world") && entry.path("text").asText()
          .contains("You are helpful.")) {
        return entry;
      }
    }
    throw new AssertionError("no chat prompt in reference encodings");
  }

  private static int[] ints(JsonNode array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).asInt();
    }
    return ids;
  }
}
