package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A pass over JSON records that each carry one prompt text in a named field, as the openqa and
 * longalpaca files do. Records without the field are skipped and reported as warnings.
 */
final class TextRecordPass implements Pass {

  private final JsonRecords records;
  private final String dataset;
  private final String field;
  private final TextPrompts prompts;
  private final DatasetContext context;
  private final PassStats stats;
  private @Nullable Query pending;

  private TextRecordPass(JsonRecords records, String dataset, String field, TextPrompts prompts,
      DatasetContext context, PassStats stats) {
    this.records = records;
    this.dataset = dataset;
    this.field = field;
    this.prompts = prompts;
    this.context = context;
    this.stats = stats;
  }

  static Pass.Opener opener(Path file, String dataset, String field, TextPrompts prompts,
      DatasetContext context, PassStats stats) {
    return () -> new TextRecordPass(JsonRecords.open(file), dataset, field, prompts, context,
        stats);
  }

  @Override
  public boolean hasNext() {
    while (pending == null && records.hasNext()) {
      JsonRecords.Record record = records.next();
      stats.read();
      Optional<String> text = JsonRecords.firstText(record.value(), field);
      if (text.isEmpty()) {
        stats.skipped();
        context.warn(dataset + ": " + record.where() + " has no text field '" + field
            + "'; record skipped");
        continue;
      }
      Optional<Query> query = prompts.toQuery(text.get().strip());
      if (query.isPresent()) {
        pending = query.get();
      } else {
        stats.filtered();
      }
    }
    return pending != null;
  }

  @Override
  public Query next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Query query = pending;
    pending = null;
    return query;
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  /** Opens the rotating iterator of a file whose records carry their prompt in {@code field}. */
  static Iterator<Query> open(Path file, String dataset, String field, DatasetContext context,
      DatasetArgs args) throws IOException {
    TextPrompts prompts = TextPrompts.create(dataset, context, args);
    PassStats stats = new PassStats();
    return RotatingIterator.open(opener(file, dataset, field, prompts, context, stats),
        context.offset(), () -> stats.describeEmpty(dataset, file, prompts.describe()));
  }
}
