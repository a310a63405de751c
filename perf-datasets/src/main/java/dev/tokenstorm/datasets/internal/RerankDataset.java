package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RerankQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rerank}: one query with its documents per request, from {@code datasetPath}: a
 * {@code .json} array, or a {@code .jsonl} or {@code .txt} file with one JSON object per line.
 * Each object has {@code query} and {@code documents} (or {@code passages}, or {@code texts}): a
 * list of strings, or of objects with {@code text}. Records lacking either are skipped and reported
 * as warnings. Takes no {@code datasetArgs}.
 */
public final class RerankDataset implements Dataset {

  static final String NAME = "rerank";
  private static final String[] DOCUMENT_FIELDS = {"documents", "passages", "texts"};

  /** Creates the dataset; it keeps no state between opens. */
  public RerankDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs.of(NAME, context.options(), Set.of());
    Path file = Requirements.datasetPath(context, NAME,
        "a .json, .jsonl or .txt file of {query, documents} records");
    checkFile(file);
    PassStats stats = new PassStats();
    return RotatingIterator.open(() -> {
      JsonRecords records = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
          ? JsonRecords.jsonArray(file) : JsonRecords.jsonLines(file);
      Iterator<Query> queries = new Iterator<>() {
        private Query pending;

        @Override
        public boolean hasNext() {
          while (pending == null && records.hasNext()) {
            JsonRecords.Record record = records.next();
            stats.read();
            pending = toQuery(record, context, stats).orElse(null);
          }
          return pending != null;
        }

        @Override
        public Query next() {
          hasNext();
          Query query = pending;
          pending = null;
          return query;
        }
      };
      return Pass.of(queries, records);
    }, context.offset(), () -> stats.describeEmpty(NAME, file, "no filter"));
  }

  private static void checkFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + NAME
          + "' is not an existing file; set it to a .json, .jsonl or .txt file of records");
    }
    if (!name.endsWith(".json") && !name.endsWith(".jsonl") && !name.endsWith(".txt")) {
      throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + NAME
          + "' must end in .json, .jsonl or .txt, which selects how it is read");
    }
  }

  private static Optional<Query> toQuery(JsonRecords.Record record, DatasetContext context,
      PassStats stats) {
    JsonNode value = record.value();
    Optional<String> query = JsonRecords.firstText(value, "query");
    List<String> documents = documents(value);
    if (query.isEmpty() || documents.isEmpty()) {
      stats.skipped();
      context.warn(NAME + ": " + record.where() + " needs a query and a non-empty documents"
          + " list; record skipped");
      return Optional.empty();
    }
    return Optional.of(new RerankQuery(query.get(), documents));
  }

  private static List<String> documents(JsonNode value) {
    for (String field : DOCUMENT_FIELDS) {
      JsonNode list = value.get(field);
      if (list != null && list.isArray() && !list.isEmpty()) {
        List<String> documents = new ArrayList<>();
        for (JsonNode document : list) {
          if (document.isTextual()) {
            documents.add(document.asText());
          } else if (document.path("text").isTextual()) {
            documents.add(document.path("text").asText());
          }
        }
        return documents;
      }
    }
    return List.of();
  }
}
