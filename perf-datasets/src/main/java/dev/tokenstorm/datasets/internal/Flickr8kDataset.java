package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code flickr8k}: photos with their captions, from the WebDataset shards of
 * {@code clip-benchmark/wds_flickr8k} (split {@code test}, files {@code test/*.tar}), or from a
 * local copy in any layout {@link ImageRecords} accepts (caption fields {@code txt},
 * {@code caption}, {@code text}). Each request is one user message: the caption as text and the
 * photo as a JPEG data URL. Records without a caption are skipped. Takes no {@code datasetArgs}.
 */
public final class Flickr8kDataset implements Dataset {

  static final String NAME = "flickr8k";
  private static final HubSource SOURCE =
      new HubSource(NAME, "clip-benchmark/wds_flickr8k", "test/*.tar");

  /** Creates the dataset; it keeps no state between opens. */
  public Flickr8kDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs.of(NAME, context.options(), Set.of());
    Path path = context.datasetPath();
    List<Path> sources = path != null ? ImageRecords.localSources(path, NAME)
        : SOURCE.hubFiles(context, file -> file.startsWith("test/") && file.endsWith(".tar"));
    ImageRecords records =
        new ImageRecords(NAME, List.of("txt", "caption", "text"), null, context);
    return records.open(sources, path != null ? path : SOURCE.repoId());
  }
}
