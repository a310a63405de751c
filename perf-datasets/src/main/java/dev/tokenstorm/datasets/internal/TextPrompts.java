package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns prompt texts into queries for the text datasets, applying the text options of
 * {@code datasetArgs} or, without {@code target_input_len}, the prompt-length filter.
 *
 * <ul>
 *   <li>{@code target_input_len} (tokens of the bare prompt text, without special tokens or chat
 *       template): longer prompts are cut to that many tokens; shorter ones are kept
 *       ({@code input_len_mode=cap}, the default) or dropped ({@code drop}).
 *   <li>{@code prefix_file}: prompts shorter than {@code target_input_len} get the start of the
 *       file's text (repeated if needed) as a prefix that fills the difference, so all prompts
 *       share a common prefix. It goes into a leading system message when
 *       {@code prefix_role=system} (the default) and chat messages are sent, else in front of the
 *       prompt text. The prompt then has about {@code target_input_len} tokens: tokens can merge
 *       where prefix and prompt meet.
 * </ul>
 */
final class TextPrompts {

  private static final Logger log = LoggerFactory.getLogger(TextPrompts.class);
  private static final int MAX_CONVERGE_ROUNDS = 10;

  private final String dataset;
  private final boolean chat;
  private final PromptLength length;
  private final @Nullable Tokenizer tokenizer;
  private final OptionalInt targetLength;
  private final boolean dropShort;
  private final int @Nullable [] prefixPool;
  private final boolean prefixAsSystem;

  private TextPrompts(String dataset, boolean chat, PromptLength length,
      @Nullable Tokenizer tokenizer, OptionalInt targetLength, boolean dropShort,
      int @Nullable [] prefixPool, boolean prefixAsSystem) {
    this.dataset = dataset;
    this.chat = chat;
    this.length = length;
    this.tokenizer = tokenizer;
    this.targetLength = targetLength;
    this.dropShort = dropShort;
    this.prefixPool = prefixPool;
    this.prefixAsSystem = prefixAsSystem;
  }

  /**
   * Reads the text options from {@code args} and the context.
   *
   * @throws IllegalArgumentException for invalid options, or a missing tokenizer or prefix file
   * @throws IOException if the prefix file cannot be read
   */
  static TextPrompts create(String dataset, DatasetContext context, DatasetArgs args)
      throws IOException {
    OptionalInt target = args.positiveInt("target_input_len");
    String mode = args.choice("input_len_mode", List.of("cap", "drop"), "cap");
    String role = args.choice("prefix_role", List.of("system", "user"), "system");
    Optional<Path> prefixFile = args.path("prefix_file");
    if (prefixFile.isPresent() && target.isEmpty()) {
      throw new IllegalArgumentException("datasetArgs prefix_file of dataset '" + dataset
          + "' needs target_input_len: set target_input_len to the prompt length in tokens");
    }
    if (prefixFile.isPresent() && mode.equals("drop")) {
      throw new IllegalArgumentException("datasetArgs prefix_file of dataset '" + dataset
          + "' cannot be combined with input_len_mode=drop, which drops the short prompts a"
          + " prefix would fill; use input_len_mode=cap");
    }
    Tokenizer tokenizer = target.isPresent()
        ? Requirements.tokenizer(context, dataset, "for datasetArgs target_input_len")
        : context.tokenizer();
    int[] pool = null;
    if (prefixFile.isPresent()) {
      pool = readPrefix(prefixFile.get(), tokenizer, target.getAsInt(), dataset, context);
      if (role.equals("system") && !context.applyChatTemplate()) {
        context.warn(dataset + ": prefix_role=system needs chat messages but applyChatTemplate"
            + " is off; the prefix is put in front of the prompt text instead");
      }
    }
    PromptLength length = target.isPresent() ? null : PromptLength.forPrompts(context, dataset);
    TextPrompts prompts = new TextPrompts(dataset, context.applyChatTemplate(), length, tokenizer,
        target, mode.equals("drop"), pool, role.equals("system") && context.applyChatTemplate());
    log.info("Dataset {}: {}", dataset, prompts.describe());
    return prompts;
  }

  private static int[] readPrefix(Path file, @Nullable Tokenizer tokenizer, int target,
      String dataset, DatasetContext context) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("datasetArgs prefix_file of dataset '" + dataset
          + "' is " + file + ", which is not a file; set it to a UTF-8 text file");
    }
    String text = TextLines.stripBom(Files.readString(file, StandardCharsets.UTF_8));
    int[] ids = tokenizer.encode(text, false);
    if (ids.length == 0) {
      throw new IllegalArgumentException("datasetArgs prefix_file " + file + " of dataset '"
          + dataset + "' is empty; give it the text to share between prompts");
    }
    if (ids.length < target) {
      context.warn(dataset + ": prefix_file " + file + " has " + ids.length
          + " tokens, fewer than target_input_len " + target + "; its text is repeated");
    }
    return ids;
  }

  /** Describes the length policy, with its unit. */
  String describe() {
    if (targetLength.isPresent()) {
      return "target_input_len " + targetLength.getAsInt() + " tokens of the bare prompt ("
          + (dropShort ? "shorter prompts dropped" : "shorter prompts kept")
          + (prefixPool != null ? ", filled from prefix_file" : "") + ")";
    }
    return "prompt length filter " + length.describe();
  }

  /** Returns the query for {@code prompt}, or empty when the length policy drops it. */
  Optional<Query> toQuery(String prompt) {
    if (targetLength.isEmpty()) {
      return length.accepts(prompt) ? Optional.of(shape(null, prompt)) : Optional.empty();
    }
    int target = targetLength.getAsInt();
    int[] ids = tokenizer.encode(prompt, false);
    String text = prompt;
    if (ids.length > target) {
      text = cutToAtMost(ids, target);
      ids = tokenizer.encode(text, false);
    } else if (ids.length < target && dropShort) {
      return Optional.empty();
    }
    if (prefixPool == null || ids.length >= target) {
      return Optional.of(shape(null, text));
    }
    return Optional.of(shape(prefixText(target - ids.length), text));
  }

  /** Returns whether the prompt-length options apply to texts, for the lines that bypass them. */
  boolean hasTargetLength() {
    return targetLength.isPresent();
  }

  private String cutToAtMost(int[] ids, int target) {
    int[] kept = Arrays.copyOf(ids, target);
    String text = tokenizer.decode(kept, true);
    for (int round = 0; round < MAX_CONVERGE_ROUNDS; round++) {
      int[] again = tokenizer.encode(text, false);
      if (again.length <= target) {
        return text;
      }
      text = tokenizer.decode(Arrays.copyOf(again, target), true);
    }
    return text;
  }

  /** Returns text of {@code budget} tokens from the start of the prefix pool. */
  private String prefixText(int budget) {
    int[] ids = new int[budget];
    for (int i = 0; i < budget; i++) {
      ids[i] = prefixPool[i % prefixPool.length];
    }
    String text = tokenizer.decode(ids, true);
    for (int round = 0; round < MAX_CONVERGE_ROUNDS; round++) {
      int[] again = tokenizer.encode(text, false);
      if (again.length == budget) {
        return text;
      }
      int[] next = Arrays.copyOf(again, budget);
      for (int i = again.length; i < budget; i++) {
        next[i] = prefixPool[i % prefixPool.length];
      }
      text = tokenizer.decode(next, true);
    }
    return text;
  }

  private Query shape(@Nullable String prefix, String prompt) {
    if (!chat) {
      return new PromptQuery(prefix == null ? prompt : prefix + prompt);
    }
    if (prefix == null) {
      return ChatQuery.ofUserText(prompt);
    }
    if (prefixAsSystem) {
      return new ChatQuery(List.of(ChatMessage.system(prefix), ChatMessage.user(prompt)));
    }
    return ChatQuery.ofUserText(prefix + prompt);
  }

  @Override
  public String toString() {
    return "TextPrompts[" + dataset + ", " + describe() + "]";
  }
}
