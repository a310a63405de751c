package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.Query;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The texts of the {@code embedding} and {@code embedding_batch} datasets, read from
 * {@code datasetPath} by extension: {@code .txt} (each non-blank line, stripped), {@code .json}
 * (an array of strings or objects) or {@code .jsonl} (one string or object per line). From an
 * object the first non-blank of {@code text}, {@code input}, {@code sentence} and
 * {@code content} is used; records without one are skipped and reported as warnings. Texts outside
 * the prompt-length bounds (characters, or tokens with special tokens) are left out.
 */
final class EmbeddingTexts {

  private static final String[] TEXT_FIELDS = {"text", "input", "sentence", "content"};

  private EmbeddingTexts() {}

  /** Opens the dataset's rotating iterator of batches of up to {@code batchSize} texts. */
  static Iterator<Query> open(String dataset, DatasetContext context, int batchSize)
      throws IOException {
    Path file = Requirements.datasetPath(context, dataset,
        "a .txt, .json or .jsonl file of texts to embed");
    String kind = kindOf(file, dataset);
    PromptLength length = PromptLength.forInputs(context);
    PassStats stats = new PassStats();
    return RotatingIterator.open(
        () -> new BatchPass(texts(file, kind, dataset, context, stats), length, stats, batchSize),
        context.offset(), () -> stats.describeEmpty(dataset, file,
            "the length filter " + length.describe()));
  }

  private static String kindOf(Path file, String dataset) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + dataset
          + "' is not an existing file; set it to a .txt, .json or .jsonl file of texts");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String kind : new String[] {".txt", ".jsonl", ".json"}) {
      if (name.endsWith(kind)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + dataset
        + "' must end in .txt, .json or .jsonl, which selects how it is read");
  }

  /** The texts of one pass over the file, with the resource to close. */
  private record Texts(Iterator<String> texts, Closeable resource) {}

  private static Texts texts(Path file, String kind, String dataset, DatasetContext context,
      PassStats stats) throws IOException {
    if (kind.equals(".txt")) {
      TextLines lines = TextLines.open(file);
      Iterator<TextLines.Line> source = lines.nonBlankLines();
      return new Texts(map(source, line -> {
        stats.read();
        return Optional.of(line.text().strip());
      }), lines);
    }
    JsonRecords records = JsonRecords.open(file);
    return new Texts(map(records, record -> {
      stats.read();
      Optional<String> text = textOf(record.value());
      if (text.isEmpty()) {
        stats.skipped();
        context.warn(dataset + ": " + record.where() + " has no text (a string, or one of the"
            + " fields text, input, sentence, content); record skipped");
      }
      return text;
    }), records);
  }

  static Optional<String> textOf(JsonNode value) {
    if (value.isTextual()) {
      return value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
    return JsonRecords.firstText(value, TEXT_FIELDS);
  }

  private static <S> Iterator<String> map(Iterator<S> source,
      java.util.function.Function<S, Optional<String>> mapper) {
    return new Iterator<>() {
      private @Nullable String pending;

      @Override
      public boolean hasNext() {
        while (pending == null && source.hasNext()) {
          pending = mapper.apply(source.next()).orElse(null);
        }
        return pending != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String text = pending;
        pending = null;
        return text;
      }
    };
  }

  /** Groups the accepted texts into batches. */
  private static final class BatchPass implements Pass {
    private final Texts texts;
    private final PromptLength length;
    private final PassStats stats;
    private final int batchSize;
    private @Nullable String accepted;

    BatchPass(Texts texts, PromptLength length, PassStats stats, int batchSize) {
      this.texts = texts;
      this.length = length;
      this.stats = stats;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      return accepted != null || peekAccepted();
    }

    private boolean peekAccepted() {
      while (accepted == null && texts.texts().hasNext()) {
        String text = texts.texts().next();
        if (length.accepts(text)) {
          accepted = text;
        } else {
          stats.filtered();
        }
      }
      return accepted != null;
    }

    @Override
    public Query next() {
      List<String> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && (accepted != null || peekAccepted())) {
        batch.add(accepted);
        accepted = null;
      }
      if (batch.isEmpty()) {
        throw new NoSuchElementException();
      }
      return new EmbeddingQuery(batch);
    }

    @Override
    public void close() throws IOException {
      texts.resource().close();
    }
  }
}
