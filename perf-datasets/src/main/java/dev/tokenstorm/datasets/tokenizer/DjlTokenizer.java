package dev.tokenstorm.datasets.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Tokenizer} backed by the Rust Hugging Face tokenizers library through DJL
 * ({@code ai.djl.huggingface:tokenizers}, whose jar carries the native library for Linux, macOS and
 * Windows, so nothing is downloaded at run time).
 *
 * <p>Threading: safe for concurrent use. Lifecycle: owns a native tokenizer until {@link #close()}.
 */
final class DjlTokenizer implements Tokenizer, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DjlTokenizer.class);

  private final HuggingFaceTokenizer tokenizer;
  private final TokenizerFiles files;
  private final @Nullable ChatTemplate chatTemplate;

  private DjlTokenizer(HuggingFaceTokenizer tokenizer, TokenizerFiles files,
      @Nullable ChatTemplate chatTemplate) {
    this.tokenizer = tokenizer;
    this.files = files;
    this.chatTemplate = chatTemplate;
  }

  /**
   * Loads the tokenizer at {@code path}.
   *
   * @throws IOException if the files are missing or invalid, or the native library cannot load
   * @throws IllegalArgumentException if the chat template is not valid Jinja
   */
  static DjlTokenizer load(Path path) throws IOException {
    TokenizerFiles files = TokenizerFiles.read(path);
    ChatTemplate template = files.chatTemplate() == null ? null
        : new JinjaChatTemplate(files.chatTemplate(), files.chatTemplateFile(),
            files.specialTokenVariables());
    HuggingFaceTokenizer library;
    try {
      library = HuggingFaceTokenizer.builder()
          .optTokenizerPath(files.tokenizerJson())
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IOException("cannot load " + files.tokenizerJson() + " with the Hugging Face"
          + " tokenizers library: " + e.getMessage(), e);
    }
    log.info("Loaded tokenizer {} ({} ids, {} special, chat template {})",
        files.tokenizerJson(), files.tokens().length, files.specialIds().size(),
        template == null ? "none" : files.chatTemplateFile());
    return new DjlTokenizer(library, files, template);
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    // Only the ids are needed: the JNI calls skip building DJL's Encoding (token strings, offsets,
    // masks), which costs about as much as the encoding itself for long texts.
    long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, addSpecialTokens);
    long[] ids;
    try {
      ids = TokenizersLibrary.LIB.getTokenIds(encoding);
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
    int[] result = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      result[i] = (int) ids[i];
    }
    return result;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return tokenizer.decode(wide, skipSpecialTokens);
  }

  @Override
  public int vocabularySize() {
    return files.tokens().length;
  }

  @Override
  public Set<Integer> specialTokenIds() {
    return files.specialIds();
  }

  @Override
  public Optional<String> tokenString(int id) {
    String[] tokens = files.tokens();
    return id >= 0 && id < tokens.length ? Optional.ofNullable(tokens[id]) : Optional.empty();
  }

  @Override
  public Optional<ChatTemplate> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  /** Returns the {@code tokenizer.json} file this tokenizer was loaded from. */
  Path source() {
    return files.tokenizerJson();
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "DjlTokenizer[" + files.tokenizerJson() + "]";
  }
}
