package dev.tokenstorm.core.internal.plugin.openai;

import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Request contexts, generation options and a code-point tokenizer for plugin tests. */
final class TestContexts {

  private TestContexts() {}

  /** Mutable builder of {@link GenerationOptions}; defaults match evalscope's (model {@code m}). */
  static final class Options {
    @Nullable String model = "m";
    @Nullable Integer maxTokensMin = 2048;
    @Nullable Integer maxTokensMax = 2048;
    @Nullable Integer minTokens;
    @Nullable Double frequencyPenalty;
    @Nullable Double repetitionPenalty;
    @Nullable Boolean logprobs;
    @Nullable Integer nChoices;
    @Nullable Long seed;
    List<String> stop = new ArrayList<>();
    List<Integer> stopTokenIds = new ArrayList<>();
    boolean stream = true;
    @Nullable Double temperature = 0.0;
    @Nullable Double topP;
    @Nullable Integer topK;
    Map<String, Object> extraArgs = new LinkedHashMap<>();
    @Nullable String queryTemplate;
    boolean tokenizePrompt;

    GenerationOptions build() {
      return new GenerationOptions(
          model,
          maxTokensMin,
          maxTokensMax,
          minTokens,
          frequencyPenalty,
          repetitionPenalty,
          logprobs,
          nChoices,
          seed,
          stop,
          stopTokenIds,
          stream,
          temperature,
          topP,
          topK,
          extraArgs,
          queryTemplate,
          tokenizePrompt);
    }
  }

  static RequestContext context(Options options) {
    return context(options, null);
  }

  static RequestContext context(Options options, @Nullable Tokenizer tokenizer) {
    GenerationOptions built = options.build();
    SplittableRandom random = new SplittableRandom(42);
    return new RequestContext() {
      @Override
      public GenerationOptions options() {
        return built;
      }

      @Override
      public RandomGenerator random() {
        return random;
      }

      @Override
      public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
      }
    };
  }

  /**
   * Encodes each character as its code point. Its chat template renders
   * {@code <role>text</role>} per message and {@code <assistant>} as the generation prompt.
   */
  static final class CodePointTokenizer implements Tokenizer {
    private final boolean withTemplate;

    CodePointTokenizer(boolean withTemplate) {
      this.withTemplate = withTemplate;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
      int[] ids = text.codePoints().toArray();
      if (!addSpecialTokens) {
        return ids;
      }
      int[] withBos = new int[ids.length + 1];
      withBos[0] = 1;
      System.arraycopy(ids, 0, withBos, 1, ids.length);
      return withBos;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
      StringBuilder text = new StringBuilder();
      for (int id : ids) {
        text.appendCodePoint(id);
      }
      return text.toString();
    }

    @Override
    public int vocabularySize() {
      return Character.MAX_CODE_POINT + 1;
    }

    @Override
    public Set<Integer> specialTokenIds() {
      return Set.of(1);
    }

    @Override
    public Optional<String> tokenString(int id) {
      return Optional.of(Character.toString(id));
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
      if (!withTemplate) {
        return Optional.empty();
      }
      return Optional.of(
          (List<ChatMessage> messages, boolean addGenerationPrompt) ->
              messages.stream()
                      .map(m -> "<" + m.role() + ">" + m.text() + "</" + m.role() + ">")
                      .collect(Collectors.joining())
                  + (addGenerationPrompt ? "<assistant>" : ""));
    }
  }
}
