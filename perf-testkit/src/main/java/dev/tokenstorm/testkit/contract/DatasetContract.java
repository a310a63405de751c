package dev.tokenstorm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that a {@link Dataset} behaves as the engine expects: a stable name, an iterator whose
 * {@code hasNext} does not consume, the same queries when opened twice with the same context, a
 * {@code datasetOffset} that continues the sequence instead of repeating it, rejection of unknown
 * {@code datasetArgs}, and a finite iterator that ends with {@link NoSuchElementException} and
 * closes cleanly.
 *
 * <p>Extend it in a test class: create the dataset in {@link #createDataset} and the context it
 * needs (files, tokenizer) in {@link #context}; override the {@code expects...} methods where a
 * dataset deliberately differs.
 *
 * {@snippet :
 * class MyDatasetContractTest extends DatasetContract {
 *   @Override
 *   protected Dataset createDataset() {
 *     return new MyDataset();
 *   }
 *
 *   @Override
 *   protected DatasetContext context(Path workDir, long offset, Map<String, Object> options) {
 *     return simpleContext(workDir, workDir.resolve("data.txt"), null, true, offset, options,
 *         warnings());
 *   }
 * }
 * }
 */
@Timeout(120)
public abstract class DatasetContract {

  /** How many queries the checks take from each open. */
  protected static final int SAMPLE = 8;

  /** Upper bound of queries read to find the end of a finite dataset. */
  private static final int FINITE_LIMIT = 100_000;

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  /** Returns a new instance of the dataset under test. */
  protected abstract Dataset createDataset();

  /**
   * Returns the context to open the dataset with.
   *
   * @param workDir an empty folder for this test, for data files and the cache
   * @param offset the {@code datasetOffset} to use
   * @param options the {@code datasetArgs} to use
   */
  protected abstract DatasetContext context(Path workDir, long offset, Map<String, Object> options)
      throws IOException;

  /** Whether the dataset yields a bounded number of queries per open. Default: true. */
  protected boolean expectsFiniteIterator() {
    return true;
  }

  /** Whether {@code datasetOffset} continues the sequence of queries. Default: true. */
  protected boolean expectsOffsetToContinueSequence() {
    return true;
  }

  /** Whether unknown {@code datasetArgs} keys are rejected. Default: true. */
  protected boolean expectsUnknownOptionsRejected() {
    return true;
  }

  /** Returns the warnings the dataset reported through its contexts so far. */
  protected final List<String> warnings() {
    return warnings;
  }

  /**
   * Returns a context with the engine's defaults (prompt length 0 to 131072, seed 42, 100
   * requests, default images, no hub) and the given settings; warnings go to {@code warnings}.
   */
  public static DatasetContext simpleContext(Path workDir, @Nullable Path datasetPath,
      @Nullable Tokenizer tokenizer, boolean applyChatTemplate, long offset,
      Map<String, Object> options, List<String> warnings) {
    return new DatasetContext(datasetPath, tokenizer, applyChatTemplate, 0, 131_072, 0, 42L,
        offset, 100, false, ImageSettings.DEFAULTS, null, null, workDir.resolve("cache"), options,
        warnings::add);
  }

  @Test
  void nameIsNonBlankAndStable() {
    Dataset dataset = createDataset();
    assertThat(dataset.name()).isNotBlank();
    assertThat(dataset.name()).isEqualTo(createDataset().name());
  }

  @Test
  void openYieldsQueries(@TempDir Path workDir) throws IOException {
    List<Query> queries = take(workDir, 0, Map.of(), SAMPLE);
    assertThat(queries).isNotEmpty().doesNotContainNull();
  }

  @Test
  void hasNextDoesNotConsume(@TempDir Path workDir) throws Exception {
    Iterator<Query> iterator = createDataset().open(context(workDir, 0, Map.of()));
    try {
      assertThat(iterator.hasNext()).isTrue();
      assertThat(iterator.hasNext()).isTrue();
      Query first = iterator.next();
      List<Query> reference = take(workDir, 0, Map.of(), 1);
      assertThat(first).isEqualTo(reference.get(0));
    } finally {
      closeIfCloseable(iterator);
    }
  }

  @Test
  void reopeningWithTheSameContextRepeatsTheQueries(@TempDir Path workDir) throws IOException {
    List<Query> first = take(workDir, 0, Map.of(), SAMPLE);
    List<Query> second = take(workDir, 0, Map.of(), SAMPLE);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void offsetContinuesTheSequence(@TempDir Path workDir) throws IOException {
    if (!expectsOffsetToContinueSequence()) {
      return;
    }
    List<Query> fromStart = take(workDir, 0, Map.of(), SAMPLE);
    if (fromStart.size() < 3) {
      return;
    }
    List<Query> fromTwo = take(workDir, 2, Map.of(), fromStart.size() - 2);
    assertThat(fromTwo).isEqualTo(fromStart.subList(2, fromStart.size()));
  }

  @Test
  void unknownOptionIsRejectedNamingTheKey(@TempDir Path workDir) {
    if (!expectsUnknownOptionsRejected()) {
      return;
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("no_such_option_xyz", 1);
    assertThatThrownBy(() -> take(workDir, 0, options, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_such_option_xyz");
  }

  @Test
  void finiteIteratorEndsWithNoSuchElement(@TempDir Path workDir) throws Exception {
    if (!expectsFiniteIterator()) {
      return;
    }
    Iterator<Query> iterator = createDataset().open(context(workDir, 0, Map.of()));
    try {
      int count = 0;
      while (iterator.hasNext() && count < FINITE_LIMIT) {
        assertThat(iterator.next()).isNotNull();
        count++;
      }
      assertThat(iterator.hasNext()).as("iterator ends within %d queries", FINITE_LIMIT).isFalse();
      assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
    } finally {
      closeIfCloseable(iterator);
    }
  }

  @Test
  void closingTwiceIsSafe(@TempDir Path workDir) throws Exception {
    Iterator<Query> iterator = createDataset().open(context(workDir, 0, Map.of()));
    iterator.next();
    closeIfCloseable(iterator);
    closeIfCloseable(iterator);
  }

  /** Opens the dataset and takes up to {@code count} queries, closing the iterator. */
  protected final List<Query> take(Path workDir, long offset, Map<String, Object> options,
      int count) throws IOException {
    Iterator<Query> iterator = createDataset().open(context(workDir, offset, options));
    try {
      List<Query> queries = new ArrayList<>();
      while (queries.size() < count && iterator.hasNext()) {
        queries.add(iterator.next());
      }
      return queries;
    } finally {
      try {
        closeIfCloseable(iterator);
      } catch (Exception e) {
        throw new IOException("closing the iterator failed", e);
      }
    }
  }

  private static void closeIfCloseable(Iterator<Query> iterator) throws Exception {
    if (iterator instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
