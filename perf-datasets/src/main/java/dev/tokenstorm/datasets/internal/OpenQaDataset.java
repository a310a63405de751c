package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * {@code openqa}: the open questions of HC3-Chinese ({@code AI-ModelScope/HC3-Chinese}, file
 * {@code open_qa.jsonl}). Each JSON line's {@code question}, stripped, is one prompt.
 *
 * <p>Accepts the text options of {@code datasetArgs} ({@code target_input_len},
 * {@code input_len_mode}, {@code prefix_file}, {@code prefix_role}).
 */
public final class OpenQaDataset implements Dataset {

  static final String NAME = "openqa";
  private static final HubSource SOURCE =
      new HubSource(NAME, "AI-ModelScope/HC3-Chinese", "open_qa.jsonl");

  /** Creates the dataset; it keeps no state between opens. */
  public OpenQaDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(), DatasetArgs.TEXT_KEYS);
    Path file = SOURCE.file(context);
    return TextRecordPass.open(file, NAME, "question", context, args);
  }
}
