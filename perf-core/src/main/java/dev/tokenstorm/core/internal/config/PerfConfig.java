package dev.tokenstorm.core.internal.config;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.core.SlaTuning;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable configuration of a {@code PerfRun}.
 *
 * <p>{@link #toString()} never shows secrets: the API key is a {@link Secret} and the visualizer
 * keys are masked.
 *
 * <p>{@code slaTuning} is present when the run is an SLA tuning; {@code points} then contains
 * one point whose {@code parallel} or {@code rate} is the search's starting value.
 */
public record PerfConfig(
    String model,
    String url,
    String name,
    ApiPlugin plugin,
    String apiName,
    int port,
    @Nullable String attnImplementation,
    @Nullable Secret apiKey,
    boolean debug,
    Duration totalTimeout,
    @Nullable Duration connectTimeout,
    @Nullable Duration readTimeout,
    Map<String, String> headers,
    boolean testConnection,
    List<SweepPoint> points,
    int logEveryNQueries,
    Duration sleepInterval,
    boolean openLoop,
    Warmup warmup,
    @Nullable Duration duration,
    @Nullable String prompt,
    Dataset dataset,
    String datasetLabel,
    @Nullable Path datasetPath,
    boolean applyChatTemplate,
    int minPromptLength,
    int maxPromptLength,
    int prefixLength,
    ImageSettings images,
    @Nullable String dataSource,
    @Nullable URI hubEndpoint,
    Path datasetCacheDir,
    long datasetOffset,
    Map<String, Object> datasetArgs,
    @Nullable Path tokenizerPath,
    @Nullable Tokenizer tokenizer,
    GenerationOptions generation,
    List<ResultSink> sinks,
    List<String> visualizerNames,
    @Nullable Secret wandbApiKey,
    @Nullable Secret swanlabApiKey,
    boolean defaultSinks,
    List<ProgressListener> listeners,
    boolean progressTracker,
    @Nullable Path outputsDir,
    boolean noTimestamp,
    int dbCommitInterval,
    int queueSizeMultiplier,
    int inFlightTaskMultiplier,
    Map<String, @Nullable Object> maskedConfig,
    List<String> configWarnings,
    @Nullable SlaTuning slaTuning) {

  /**
   * Returns the configuration of one run of SLA tuning: only {@code point}, the given dataset
   * offset, connection test and plugin, and the tuner's sinks and listeners in place of the
   * configured ones. The copy writes no files of its own (no output folder, no progress file) and
   * creates no default sinks or visualizers, because the tuner owns the output folders and the
   * sinks of the whole tuning.
   */
  public PerfConfig forSlaRun(SweepPoint point, long runDatasetOffset, boolean runTestConnection,
      ApiPlugin runPlugin, List<ResultSink> runSinks, List<ProgressListener> runListeners,
      Map<String, @Nullable Object> runMaskedConfig) {
    return new PerfConfig(model, url, name, runPlugin, apiName, port, attnImplementation, apiKey,
        debug, totalTimeout, connectTimeout, readTimeout, headers, runTestConnection,
        List.of(point), logEveryNQueries, sleepInterval, openLoop, warmup, duration, prompt,
        dataset, datasetLabel, datasetPath, applyChatTemplate, minPromptLength, maxPromptLength,
        prefixLength, images, dataSource, hubEndpoint, datasetCacheDir, runDatasetOffset,
        datasetArgs, tokenizerPath, tokenizer, generation, List.copyOf(runSinks), List.of(),
        wandbApiKey, swanlabApiKey, false, List.copyOf(runListeners), false, null,
        noTimestamp, dbCommitInterval, queueSizeMultiplier, inFlightTaskMultiplier,
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runMaskedConfig)),
        configWarnings, null);
  }

  @Override
  public String toString() {
    return "PerfConfig" + maskedConfig;
  }
}
