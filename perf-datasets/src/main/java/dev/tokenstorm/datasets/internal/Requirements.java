package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.nio.file.Path;

/** Checks for the settings a dataset cannot work without; each failure says what to set. */
final class Requirements {

  private Requirements() {}

  static Tokenizer tokenizer(DatasetContext context, String dataset, String purpose) {
    Tokenizer tokenizer = context.tokenizer();
    if (tokenizer == null) {
      throw new IllegalArgumentException("dataset '" + dataset + "' needs a tokenizer " + purpose
          + ": set tokenizerPath(...) to a folder containing tokenizer.json");
    }
    return tokenizer;
  }

  static ChatTemplate chatTemplate(Tokenizer tokenizer, String dataset) {
    return tokenizer.chatTemplate().orElseThrow(() -> new IllegalArgumentException(
        "dataset '" + dataset + "' counts prompt tokens through the chat template because"
            + " applyChatTemplate is on, but tokenizer " + tokenizer + " has no chat_template;"
            + " use a tokenizer folder whose tokenizer_config.json has chat_template, or set"
            + " applyChatTemplate(false)"));
  }

  static Path datasetPath(DatasetContext context, String dataset, String expected) {
    Path path = context.datasetPath();
    if (path == null) {
      throw new IllegalArgumentException("dataset '" + dataset + "' needs datasetPath(...): "
          + expected);
    }
    return path;
  }

  static void rejectTokenizePrompt(DatasetContext context, String dataset) {
    if (context.tokenizePrompt()) {
      throw new IllegalArgumentException("dataset '" + dataset + "' cannot send token ids:"
          + " set tokenizePrompt(false)");
    }
  }
}
