package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * {@code longalpaca}: long-context instructions of LongAlpaca-12k
 * ({@code AI-ModelScope/LongAlpaca-12k}, file {@code LongAlpaca-12k.json}, a JSON array). Each
 * record's {@code instruction}, stripped, is one prompt. A local {@code .jsonl} file with the same
 * records is accepted too.
 *
 * <p>Accepts the text options of {@code datasetArgs}.
 */
public final class LongAlpacaDataset implements Dataset {

  static final String NAME = "longalpaca";
  // NOTE: the file name is the one of the Hugging Face original (Yukang/LongAlpaca-12k); the
  // ModelScope mirror was not checked here. When the hub lists no such file the error names it.
  private static final HubSource SOURCE =
      new HubSource(NAME, "AI-ModelScope/LongAlpaca-12k", "LongAlpaca-12k.json");

  /** Creates the dataset; it keeps no state between opens. */
  public LongAlpacaDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(), DatasetArgs.TEXT_KEYS);
    Path file = SOURCE.file(context);
    return TextRecordPass.open(file, NAME, "instruction", context, args);
  }
}
