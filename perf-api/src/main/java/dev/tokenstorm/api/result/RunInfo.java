package dev.tokenstorm.api.result;

import dev.tokenstorm.api.plugin.ApiKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Describes one run (one point of a sweep) to sinks and reports.
 *
 * @param name the run's folder name, such as {@code parallel_10_number_100}
 * @param index 0-based position of the run in the sweep
 * @param runCount number of runs in the sweep
 * @param outputDir the run's output folder, or null when the run writes no files
 * @param parallel the in-flight cap; empty for an uncapped open loop
 * @param number requests in the measured phase (warmup excluded)
 * @param rate target arrivals per second; empty when unpaced
 * @param openLoop whether requests fire on schedule regardless of responses
 * @param api the API plugin name
 * @param apiKind what kind of endpoint the plugin talks to
 * @param model the model name, or an empty string when none is set
 * @param url the target URL without its query string
 * @param dataset the dataset name, or {@code prompt} for a fixed prompt
 * @param startedAtMillis epoch milliseconds when the run started
 * @param config the run's configuration with secrets masked, as evalscope-style snake_case keys
 *     and JSON-like values
 */
public record RunInfo(
    String name,
    int index,
    int runCount,
    @Nullable Path outputDir,
    OptionalInt parallel,
    long number,
    OptionalDouble rate,
    boolean openLoop,
    String api,
    ApiKind apiKind,
    String model,
    String url,
    String dataset,
    long startedAtMillis,
    Map<String, @Nullable Object> config) {

  public RunInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(apiKind, "apiKind");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(dataset, "dataset");
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }

  /** Returns the run's output folder, if it writes files. */
  public Optional<Path> outputDirectory() {
    return Optional.ofNullable(outputDir);
  }
}
