package dev.tokenstorm.datasets.tokenizer;

import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.api.tokenizer.TokenizerProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads Hugging Face tokenizers ({@code tokenizer.json}) through DJL, with the chat template of
 * {@code tokenizer_config.json} or {@code chat_template.jinja} next to it. Registered for
 * {@link java.util.ServiceLoader}, so {@code PerfRun.builder().tokenizerPath(path)} uses it when
 * this module is on the class path.
 *
 * <p>The returned tokenizer holds native memory and implements {@link AutoCloseable}.
 */
public final class HuggingFaceTokenizerProvider implements TokenizerProvider {

  /** Creates the provider; it keeps no state. */
  public HuggingFaceTokenizerProvider() {}

  @Override
  public Tokenizer load(Path path) throws IOException {
    return DjlTokenizer.load(Objects.requireNonNull(path, "path"));
  }
}
