package dev.tokenstorm.core.internal.config;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.tokenizer.Tokenizer;
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
    List<String> configWarnings) {

  @Override
  public String toString() {
    return "PerfConfig" + maskedConfig;
  }
}
