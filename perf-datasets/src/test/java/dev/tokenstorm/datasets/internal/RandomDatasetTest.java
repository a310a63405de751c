package dev.tokenstorm.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RandomDatasetTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"phi-3-mini", "tinyllama-1.1b-chat-v1.0", "smollm-360m-instruct"})
  void promptsHitTheirTargetLengthExactly(String family) throws IOException {
    Tokenizer tokenizer = TestContext.tokenizer(family);
    TestContext context = new TestContext(dir).tokenizer(tokenizer).chat(false).lengths(1, 300);
    List<Query> texts = Queries.take(new RandomDataset(), context.build(), 200);
    context.tokenizePrompt = true;
    List<Query> ids = Queries.take(new RandomDataset(), context.build(), 200);
    for (int i = 0; i < texts.size(); i++) {
      int target = ((TokenIdsQuery) ids.get(i)).length();
      assertThat(tokenizer.count(((PromptQuery) texts.get(i)).prompt()))
          .as("%s prompt %d", family, i).isEqualTo(target);
      assertThat(target).isBetween(1, 300);
    }
    assertThat(context.warnings).isEmpty();
  }

  @Test
  void sameSeedGivesSamePromptsAndOtherSeedOthers() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(10, 50);
    List<Query> first = Queries.take(new RandomDataset(), context.build(), 20);
    assertThat(Queries.take(new RandomDataset(), context.build(), 20)).isEqualTo(first);
    context.seed = 43L;
    List<Query> other = Queries.take(new RandomDataset(), context.build(), 20);
    assertThat(other).doesNotContainAnyElementsOf(first);
  }

  @Test
  void offsetContinuesTheSequence() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(10, 50);
    List<Query> first = Queries.take(new RandomDataset(), context.build(), 30);
    List<Query> later = Queries.take(new RandomDataset(), context.offset(20).build(), 10);
    assertThat(later).isEqualTo(first.subList(20, 30));
  }

  @Test
  void chatTemplateTokensAreTakenOffTheLengthInterval() throws IOException {
    Tokenizer tokenizer = TestContext.tokenizer("smollm-360m-instruct");
    int template = tokenizer.encode(tokenizer.chatTemplate().orElseThrow()
        .render(List.of(ChatMessage.user("")), true), false).length;
    TestContext context = new TestContext(dir).tokenizer(tokenizer).lengths(40, 60);
    for (Query query : Queries.take(new RandomDataset(), context.build(), 50)) {
      String text = ((ChatQuery) query).messages().get(0).text();
      assertThat(tokenizer.count(text)).isBetween(40 - template, 60 - template);
    }
  }

  @Test
  void prefixLengthTokensAreSharedByAllPrompts() throws IOException {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(5, 20);
    context.prefixLength = 16;
    context.tokenizePrompt = true;
    List<Query> queries = Queries.take(new RandomDataset(), context.build(), 10);
    int[] prefix = Arrays.copyOf(((TokenIdsQuery) queries.get(0)).tokenIds(), 16);
    for (Query query : queries) {
      TokenIdsQuery ids = (TokenIdsQuery) query;
      assertThat(ids.length()).isBetween(16 + 5, 16 + 20);
      assertThat(Arrays.copyOf(ids.tokenIds(), 16)).isEqualTo(prefix);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"phi-3-mini", "smollm-360m-instruct"})
  void randomTextIsBuiltFromWholeWordTokens(String family) {
    Tokenizer tokenizer = TestContext.tokenizer(family);
    RandomTokens tokens = RandomTokens.of(tokenizer);
    assertThat(tokens.vocabularySize()).isGreaterThan(RandomTokens.MIN_WORD_TOKENS);
    int[] ids = tokens.randomIds(new java.util.SplittableRandom(1), 500);
    for (int id : ids) {
      assertThat(tokenizer.tokenString(id).orElseThrow()).matches("[\u2581\u0120][A-Za-z]+");
      assertThat(tokenizer.specialTokenIds()).doesNotContain(id);
    }
  }

  @Test
  void missingTokenizerSaysWhatToSet() {
    assertThatThrownBy(() -> Queries.take(new RandomDataset(), new TestContext(dir).build(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset 'random' needs a tokenizer to generate random prompts: set"
            + " tokenizerPath(...) to a folder containing tokenizer.json");
  }

  @Test
  void maxBelowTemplateLengthIsRejected() {
    TestContext context = new TestContext(dir).tokenizer(TestContext.tokenizer("phi-3-mini"))
        .lengths(0, 2);
    assertThatThrownBy(() -> Queries.take(new RandomDataset(), context.build(), 1))
        .hasMessageContaining("maxPromptLength 2 minus the 3 tokens of the chat template is"
            + " below minPromptLength 0");
  }
}
