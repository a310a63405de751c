package dev.tokenstorm.api.tokenizer;

import java.util.Optional;
import java.util.Set;

/**
 * A client-side tokenizer, used for output-token fallback counts, prompt length filters and random
 * prompt generation.
 *
 * <p>Threading: implementations are safe for concurrent use by many request threads.
 */
public interface Tokenizer {

  /**
   * Encodes {@code text} to token ids.
   *
   * @param addSpecialTokens whether to add the special tokens the tokenizer's post-processor adds
   *     (for example a leading BOS)
   */
  int[] encode(String text, boolean addSpecialTokens);

  /**
   * Decodes token ids to text.
   *
   * @param skipSpecialTokens whether to leave special tokens out of the text
   */
  String decode(int[] ids, boolean skipSpecialTokens);

  /** Returns the number of tokens in {@code text}, without special tokens. */
  default int count(String text) {
    return encode(text, false).length;
  }

  /** Returns the number of ids in the vocabulary, added tokens included. */
  int vocabularySize();

  /** Returns the ids of special tokens (BOS, EOS, padding, chat markers and the like). */
  Set<Integer> specialTokenIds();

  /** Returns the token string of {@code id} as stored in the vocabulary, if the id exists. */
  Optional<String> tokenString(int id);

  /** Returns the chat template that ships with this tokenizer, if there is one. */
  Optional<ChatTemplate> chatTemplate();
}
