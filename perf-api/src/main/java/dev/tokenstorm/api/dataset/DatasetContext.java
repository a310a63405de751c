package dev.tokenstorm.api.dataset;

import dev.tokenstorm.api.tokenizer.Tokenizer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Dataset} may read about the run it serves.
 *
 * @param datasetPath the {@code datasetPath} setting, or null when unset
 * @param tokenizer the run's tokenizer, or null when no {@code tokenizerPath} is set
 * @param applyChatTemplate whether queries should be chat messages ({@code true}) or plain prompts
 * @param minPromptLength the inclusive lower prompt-length bound: tokens with a tokenizer,
 *     characters without one
 * @param maxPromptLength the inclusive upper prompt-length bound, same unit
 * @param prefixLength the length in tokens of a random prefix shared by all prompts of the run
 * @param seed the run's seed, or null when unseeded
 * @param offset the dataset offset, advanced by {@code number} between sweep runs
 * @param requestCount how many queries the run will take (warmup included); the engine repeats the
 *     dataset when it yields fewer
 * @param tokenizePrompt whether prompts will be sent as token-id arrays
 * @param images the settings for generated images ({@code random_vl})
 * @param dataSource where hub datasets come from: {@code modelscope} or {@code local}; null means
 *     {@code local} when {@code datasetPath} exists, else {@code modelscope}
 * @param hubEndpoint the base URL of the dataset hub, or null when none is configured; there is no
 *     built-in default, so downloads happen only against an endpoint the user supplied
 * @param cacheDir the folder downloaded dataset files are kept in
 * @param options dataset-specific options ({@code datasetArgs}); values are JSON-like: String,
 *     Number, Boolean, List or Map
 * @param warnings receives one message per skipped line or other recoverable problem; the engine
 *     counts them in the run's warnings
 */
public record DatasetContext(
    @Nullable Path datasetPath,
    @Nullable Tokenizer tokenizer,
    boolean applyChatTemplate,
    int minPromptLength,
    int maxPromptLength,
    int prefixLength,
    @Nullable Long seed,
    long offset,
    long requestCount,
    boolean tokenizePrompt,
    ImageSettings images,
    @Nullable String dataSource,
    @Nullable URI hubEndpoint,
    Path cacheDir,
    Map<String, Object> options,
    Consumer<String> warnings) {

  public DatasetContext {
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(warnings, "warnings");
  }

  /** Returns the dataset path, if set. */
  public Optional<Path> path() {
    return Optional.ofNullable(datasetPath);
  }

  /** Returns the tokenizer, if the run has one. */
  public Optional<Tokenizer> tokenizerValue() {
    return Optional.ofNullable(tokenizer);
  }

  /** Returns the seed, if the run is seeded. */
  public OptionalLong seedValue() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** Reports a recoverable problem, such as a skipped line. */
  public void warn(String message) {
    warnings.accept(message);
  }
}
