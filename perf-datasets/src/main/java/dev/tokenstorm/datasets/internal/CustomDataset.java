package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code custom}: evalscope's example dataset, kept so configurations that name it run unchanged.
 * Each non-blank line of {@code datasetPath}, stripped, is a prompt, filtered by the prompt length;
 * no line is parsed as JSON.
 *
 * <p>Your own datasets are {@link Dataset} implementations: pass an instance to
 * {@code PerfRun.builder().dataset(...)}, or register the class in
 * {@code META-INF/services/dev.tokenstorm.api.dataset.Dataset} and select it by its name.
 */
public final class CustomDataset implements Dataset {

  static final String NAME = "custom";

  /** Creates the dataset; it keeps no state between opens. */
  public CustomDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs.of(NAME, context.options(), Set.of());
    Path file = Requirements.datasetPath(context, NAME, "a text file with one prompt per line");
    LineByLineDataset.checkIsFile(file, NAME);
    TextPrompts prompts = TextPrompts.create(NAME, context, DatasetArgs.of(NAME, Map.of(), Set.of()));
    PassStats stats = new PassStats();
    return RotatingIterator.open(
        () -> new LineByLineDataset.LinePass(file, prompts, context, stats, false),
        context.offset(), () -> stats.describeEmpty(NAME, file, prompts.describe()));
  }
}
