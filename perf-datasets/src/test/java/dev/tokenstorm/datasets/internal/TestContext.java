package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.datasets.tokenizer.HuggingFaceTokenizerProvider;
import dev.tokenstorm.datasets.tokenizer.TokenizerFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** A builder of {@link DatasetContext}s for tests, with the engine's defaults. */
final class TestContext {

  private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

  @Nullable Path datasetPath;
  @Nullable Tokenizer tokenizer;
  boolean applyChatTemplate = true;
  int minPromptLength = 0;
  int maxPromptLength = 131_072;
  int prefixLength = 0;
  @Nullable Long seed = 42L;
  long offset = 0;
  boolean tokenizePrompt = false;
  ImageSettings images = ImageSettings.DEFAULTS;
  @Nullable String dataSource;
  @Nullable URI hubEndpoint;
  Path cacheDir;
  Map<String, Object> options = Map.of();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  TestContext(Path workDir) {
    this.cacheDir = workDir.resolve("cache");
  }

  /** Returns the fixture tokenizer of {@code family}, loaded once per JVM. */
  static Tokenizer tokenizer(String family) {
    return TOKENIZERS.computeIfAbsent(family, name -> {
      try {
        return new HuggingFaceTokenizerProvider().load(TokenizerFixtures.folder(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  TestContext path(Path value) {
    datasetPath = value;
    return this;
  }

  TestContext tokenizer(@Nullable Tokenizer value) {
    tokenizer = value;
    return this;
  }

  TestContext chat(boolean value) {
    applyChatTemplate = value;
    return this;
  }

  TestContext lengths(int min, int max) {
    minPromptLength = min;
    maxPromptLength = max;
    return this;
  }

  TestContext offset(long value) {
    offset = value;
    return this;
  }

  TestContext options(Map<String, Object> value) {
    options = value;
    return this;
  }

  DatasetContext build() {
    return new DatasetContext(datasetPath, tokenizer, applyChatTemplate, minPromptLength,
        maxPromptLength, prefixLength, seed, offset, 100, tokenizePrompt, images, dataSource,
        hubEndpoint, cacheDir, options, warnings::add);
  }
}
