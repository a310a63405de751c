package dev.tokenstorm.datasets.tokenizer;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Locates the real Hugging Face tokenizers kept in the test resources. */
public final class TokenizerFixtures {

  /** The folder names of the three tokenizers. */
  public static final List<String> FAMILIES =
      List.of("phi-3-mini", "tinyllama-1.1b-chat-v1.0", "smollm-360m-instruct");

  private TokenizerFixtures() {}

  /** Returns the folder holding the tokenizer fixtures. */
  public static Path root() {
    try {
      return Path.of(TokenizerFixtures.class.getResource("/tokenizers/README.md").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the folder of one tokenizer. */
  public static Path folder(String family) {
    return root().resolve(family);
  }
}
