package dev.tokenstorm.datasets.e2e;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import java.util.Iterator;
import java.util.stream.LongStream;

/** A user dataset registered for ServiceLoader in the test resources: prompts "echo N". */
public final class EchoDataset implements Dataset {

  /** Creates the dataset. */
  public EchoDataset() {}

  @Override
  public String name() {
    return "echo_test";
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    return LongStream.range(context.offset(), context.offset() + 3)
        .mapToObj(i -> (Query) ChatQuery.ofUserText("echo " + i)).iterator();
  }
}
