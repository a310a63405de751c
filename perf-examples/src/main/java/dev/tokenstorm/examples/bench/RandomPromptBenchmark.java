package dev.tokenstorm.examples.bench;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.datasets.Datasets;
import dev.tokenstorm.datasets.tokenizer.HuggingFaceTokenizerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures how fast the {@code random} dataset generates prompts of an exact token length: the
 * wall time to pull {@code count} prompts of {@code tokens} tokens from it (the time a run's
 * dispatcher would wait for them), then a check that every prompt encodes to exactly that many
 * tokens.
 *
 * <p>Usage: {@code RandomPromptBenchmark <tokenizer folder> [count] [tokens]}, defaults 10000 and
 * 1024. No server is involved: only generation is timed.
 */
public final class RandomPromptBenchmark {

  private RandomPromptBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: RandomPromptBenchmark <tokenizer folder> [count] [tokens]");
      System.exit(2);
    }
    Path tokenizerPath = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    Tokenizer tokenizer = new HuggingFaceTokenizerProvider().load(tokenizerPath);
    Dataset random = Datasets.named("random").orElseThrow();
    Path cache = Files.createTempDirectory("random-prompt-bench");

    // A short warm-up run loads the native library and compiles the hot paths.
    generate(random, context(tokenizer, 200, tokens, cache, 1L), 200);

    long start = System.nanoTime();
    List<String> prompts = generate(random, context(tokenizer, count, tokens, cache, 42L), count);
    double seconds = (System.nanoTime() - start) / 1e9;

    int exact = 0;
    for (String prompt : prompts) {
      if (tokenizer.encode(prompt, false).length == tokens) {
        exact++;
      }
    }
    System.out.printf(Locale.ROOT, "tokenizer: %s%n", tokenizerPath);
    System.out.printf(Locale.ROOT, "processors: %d%n", Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "prompts: %d of %d tokens%n", count, tokens);
    System.out.printf(Locale.ROOT, "generation wall time: %.2f s (%.0f prompts/s)%n", seconds,
        count / seconds);
    System.out.printf(Locale.ROOT, "prompts with exactly %d tokens: %d of %d%n", tokens, exact,
        count);
    if (tokenizer instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static DatasetContext context(Tokenizer tokenizer, int count, int tokens, Path cache,
      long seed) {
    return new DatasetContext(null, tokenizer, false, tokens, tokens, 0, seed, 0, count, false,
        ImageSettings.DEFAULTS, null, null, cache, Map.of(), warning ->
            System.err.println("warning: " + warning));
  }

  private static List<String> generate(Dataset dataset, DatasetContext context, int count)
      throws Exception {
    Iterator<Query> iterator = dataset.open(context);
    List<String> prompts = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        prompts.add(((PromptQuery) iterator.next()).prompt());
      }
    } finally {
      if (iterator instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    return prompts;
  }
}
