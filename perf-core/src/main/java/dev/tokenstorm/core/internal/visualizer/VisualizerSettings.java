package dev.tokenstorm.core.internal.visualizer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a visualizer needs to know about the benchmark, independent of the tracking service.
 *
 * @param runName the tracker's run name (evalscope's {@code name}, by default
 *     {@code <model>_<timestamp>}); each run of a sweep with more than one run is named
 *     {@code <runName>/<run folder name>}
 * @param model the model name, or an empty string
 * @param apiKey the key given to the builder ({@code wandbApiKey}, {@code swanlabApiKey}), or null
 *     to read the service's usual environment variable. ClearML takes
 *     {@code <access key>:<secret key>}. Never logged.
 * @param environment the environment variables to read: {@code System.getenv()} in production, a
 *     fixed map in tests
 * @param outputRoot the benchmark's output root folder, or null when it writes no files; SwanLab's
 *     local mode writes under it
 * @param logInterval minimum time between two points of the running summary's time series; zero
 *     sends a point after every record
 * @param maskedConfig the benchmark configuration with secrets masked, sent as the run's config
 */
public record VisualizerSettings(
    String runName,
    String model,
    @Nullable String apiKey,
    Map<String, String> environment,
    @Nullable Path outputRoot,
    Duration logInterval,
    Map<String, @Nullable Object> maskedConfig) {

  /** The time-series interval used when the caller has no preference: one point every 5 s. */
  public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(5);

  public VisualizerSettings {
    Objects.requireNonNull(runName, "runName");
    Objects.requireNonNull(model, "model");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(logInterval, "logInterval");
    maskedConfig = Collections.unmodifiableMap(new LinkedHashMap<>(maskedConfig));
  }

  /** Returns the environment variable {@code name} when it is set and not blank, else null. */
  @Nullable String env(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Hides the API key, which records print in full by default. */
  @Override
  public String toString() {
    return "VisualizerSettings[runName=" + runName + ", model=" + model
        + ", apiKey=" + (apiKey == null ? "none" : "***") + ", outputRoot=" + outputRoot
        + ", logInterval=" + logInterval + ", environment=" + environment.keySet() + "]";
  }
}
