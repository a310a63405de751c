package dev.tokenstorm.api.tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads tokenizers from local files. Found through {@link java.util.ServiceLoader}; the
 * {@code perf-datasets} module provides one backed by Hugging Face {@code tokenizer.json} files.
 */
public interface TokenizerProvider {

  /**
   * Loads the tokenizer at {@code path}: a directory holding {@code tokenizer.json} (and optionally
   * {@code tokenizer_config.json}), or the {@code tokenizer.json} file itself.
   *
   * @throws IOException if the files are missing or cannot be read; the message names the path
   */
  Tokenizer load(Path path) throws IOException;
}
