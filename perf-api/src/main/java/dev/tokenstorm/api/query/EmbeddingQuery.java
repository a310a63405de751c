package dev.tokenstorm.api.query;

import java.util.List;
import java.util.Objects;

/**
 * Input for an embeddings endpoint: one text, or a batch of texts.
 *
 * @param inputs the texts; a single text is sent as a string, several as an array
 */
public record EmbeddingQuery(List<String> inputs) implements Query {
  public EmbeddingQuery {
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("inputs must not be empty");
    }
  }
}
