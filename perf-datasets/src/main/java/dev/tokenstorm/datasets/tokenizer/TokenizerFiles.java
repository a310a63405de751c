package dev.tokenstorm.datasets.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The files of a Hugging Face tokenizer folder: {@code tokenizer.json} (required),
 * {@code tokenizer_config.json} and {@code chat_template.jinja} (optional).
 *
 * @param tokenizerJson the {@code tokenizer.json} file
 * @param tokens the vocabulary: the token string of each id, null where an id is unused
 * @param specialIds the ids of added tokens marked {@code special}
 * @param chatTemplate the chat template source, or null when the folder has none
 * @param chatTemplateFile the file the chat template was read from, or null
 * @param specialTokenVariables {@code bos_token}, {@code eos_token} and the other special-token
 *     strings from {@code tokenizer_config.json}, as a chat template reads them
 */
record TokenizerFiles(
    Path tokenizerJson,
    @Nullable String[] tokens,
    Set<Integer> specialIds,
    @Nullable String chatTemplate,
    @Nullable Path chatTemplateFile,
    Map<String, Object> specialTokenVariables) {

  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
  static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SPECIAL_TOKEN_KEYS =
      List.of("bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token",
          "mask_token");

  /**
   * Reads the tokenizer files at {@code path}: a folder containing {@code tokenizer.json}, or the
   * {@code tokenizer.json} file itself (the other files are then looked up next to it).
   *
   * @throws IOException if the path does not exist, has no {@code tokenizer.json}, or a file is
   *     not valid JSON; the message names the file and says what to do
   */
  static TokenizerFiles read(Path path) throws IOException {
    Path tokenizerJson = locateTokenizerJson(path);
    Path folder = tokenizerJson.toAbsolutePath().getParent();
    JsonNode tokenizer = readJson(tokenizerJson);
    Set<Integer> specialIds = new HashSet<>();
    String[] tokens = vocabulary(tokenizer, specialIds, tokenizerJson);

    Path configFile = folder.resolve(TOKENIZER_CONFIG_JSON);
    JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : null;
    Map<String, Object> variables = config == null ? Map.of() : specialTokenVariables(config);
    addConfiguredSpecialIds(variables, tokens, specialIds);

    Path jinjaFile = folder.resolve(CHAT_TEMPLATE_JINJA);
    String template = null;
    Path templateFile = null;
    if (Files.isRegularFile(jinjaFile)) {
      template = Files.readString(jinjaFile);
      templateFile = jinjaFile;
    } else if (config != null) {
      template = chatTemplate(config.get("chat_template")).orElse(null);
      templateFile = template == null ? null : configFile;
    }
    return new TokenizerFiles(tokenizerJson, tokens, Set.copyOf(specialIds), template,
        templateFile, variables);
  }

  private static Path locateTokenizerJson(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null,
          "tokenizerPath does not exist; set it to a folder containing " + TOKENIZER_JSON
              + " or to the " + TOKENIZER_JSON + " file itself");
    }
    if (Files.isDirectory(path)) {
      Path file = path.resolve(TOKENIZER_JSON);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null,
            "tokenizerPath " + path + " is a folder without " + TOKENIZER_JSON
                + "; point it at the folder of a Hugging Face tokenizer that has " + TOKENIZER_JSON
                + " (a folder with only tokenizer.model or vocab.txt is not supported)");
      }
      return file;
    }
    return path;
  }

  private static JsonNode readJson(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON (line " + e.getLocation().getLineNr()
          + "): " + e.getOriginalMessage() + "; replace it with an intact copy", e);
    }
  }

  private static String[] vocabulary(JsonNode tokenizer, Set<Integer> specialIds, Path file)
      throws IOException {
    Map<Integer, String> byId = new LinkedHashMap<>();
    JsonNode vocab = tokenizer.path("model").path("vocab");
    if (vocab.isObject()) {
      vocab.properties().forEach(entry -> byId.put(entry.getValue().asInt(), entry.getKey()));
    } else if (vocab.isArray()) {
      // Unigram models list [token, score] pairs; the id is the position.
      for (int id = 0; id < vocab.size(); id++) {
        byId.put(id, vocab.get(id).path(0).asText());
      }
    }
    for (JsonNode added : tokenizer.path("added_tokens")) {
      int id = added.path("id").asInt();
      byId.put(id, added.path("content").asText());
      if (added.path("special").asBoolean(false)) {
        specialIds.add(id);
      }
    }
    if (byId.isEmpty()) {
      throw new IOException(file + " has no model.vocab and no added_tokens; it is not a Hugging"
          + " Face tokenizer file");
    }
    int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    String[] tokens = new String[size];
    byId.forEach((id, token) -> {
      if (id >= 0) {
        tokens[id] = token;
      }
    });
    return tokens;
  }

  /** Adds the ids of the special tokens that tokenizer_config.json names, such as eos_token. */
  private static void addConfiguredSpecialIds(Map<String, Object> variables,
      @Nullable String[] tokens, Set<Integer> specialIds) {
    Set<String> named = new HashSet<>();
    variables.forEach((key, value) -> {
      if (value instanceof String token) {
        named.add(token);
      } else if (value instanceof List<?> list) {
        list.forEach(item -> named.add(String.valueOf(item)));
      }
    });
    for (int id = 0; id < tokens.length; id++) {
      if (tokens[id] != null && named.contains(tokens[id])) {
        specialIds.add(id);
      }
    }
  }

  private static Map<String, Object> specialTokenVariables(JsonNode config) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (String key : SPECIAL_TOKEN_KEYS) {
      tokenContent(config.get(key)).ifPresent(content -> variables.put(key, content));
    }
    JsonNode additional = config.get("additional_special_tokens");
    if (additional != null && additional.isArray()) {
      List<String> contents = new ArrayList<>();
      additional.forEach(node -> tokenContent(node).ifPresent(contents::add));
      variables.put("additional_special_tokens", List.copyOf(contents));
    }
    return variables;
  }

  /** Returns a token given as a string or as an {@code AddedToken} object with {@code content}. */
  private static Optional<String> tokenContent(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    JsonNode content = node.get("content");
    return content != null && content.isTextual() ? Optional.of(content.asText()) : Optional.empty();
  }

  /**
   * Returns the template from a {@code chat_template} value: a string, or a list of
   * {@code {name, template}} entries of which the one named {@code default} is used (else the
   * first).
   */
  private static Optional<String> chatTemplate(@Nullable JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isTextual()) {
      return Optional.of(value.asText());
    }
    if (value.isArray() && !value.isEmpty()) {
      for (JsonNode entry : value) {
        if ("default".equals(entry.path("name").asText())) {
          return Optional.of(entry.path("template").asText());
        }
      }
      return Optional.of(value.get(0).path("template").asText());
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizerFiles that && tokenizerJson.equals(that.tokenizerJson)
        && Arrays.equals(tokens, that.tokens);
  }

  @Override
  public int hashCode() {
    return tokenizerJson.hashCode();
  }

  @Override
  public String toString() {
    return "TokenizerFiles[" + tokenizerJson + ", " + tokens.length + " ids]";
  }
}
