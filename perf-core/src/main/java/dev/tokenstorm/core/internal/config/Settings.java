package dev.tokenstorm.core.internal.config;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.core.SlaTuning;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The raw, unvalidated settings collected by {@code PerfRun.Builder}. A null field means "not set";
 * {@link ConfigResolver} applies defaults and checks every value.
 *
 * <p>Mutable and not thread-safe; the builder hands a {@link #copy()} to the resolver.
 */
public final class Settings {
  // Basic
  public @Nullable String model;
  public @Nullable String url;
  public @Nullable String name;
  public @Nullable String apiName;
  public @Nullable ApiPlugin apiPlugin;
  public @Nullable Integer port;
  public @Nullable String attnImplementation;
  public @Nullable List<String> localServerCommand;
  public @Nullable Duration localServerStartupTimeout;
  public @Nullable String apiKey;
  public boolean debug;

  // Network
  public @Nullable Duration totalTimeout;
  public @Nullable Duration connectTimeout;
  public @Nullable Duration readTimeout;
  public Map<String, String> headers = new LinkedHashMap<>();
  public boolean testConnection = true;

  // Request control
  public int @Nullable [] parallel;
  public int @Nullable [] number;
  public double @Nullable [] rate;
  public @Nullable Integer logEveryNQueries;
  public @Nullable Boolean stream;
  public @Nullable Duration sleepInterval;
  public boolean openLoop;
  public @Nullable Integer warmupCount;
  public @Nullable Double warmupRatio;
  public @Nullable Duration duration;

  // Prompt
  public @Nullable Integer maxPromptLength;
  public @Nullable Integer minPromptLength;
  public @Nullable Integer prefixLength;
  public @Nullable String prompt;
  public @Nullable String queryTemplate;
  public @Nullable Boolean applyChatTemplate;
  public @Nullable Integer imageWidth;
  public @Nullable Integer imageHeight;
  public @Nullable String imageFormat;
  public @Nullable Integer imageNum;
  public @Nullable Integer imagePatchSize;

  // Dataset
  public @Nullable String datasetName;
  public @Nullable Dataset datasetInstance;
  public @Nullable Path datasetPath;
  public @Nullable String dataSource;
  public @Nullable URI hubEndpoint;
  public @Nullable Path datasetCacheDir;
  public @Nullable Long datasetOffset;
  public Map<String, Object> datasetArgs = new LinkedHashMap<>();

  // Model
  public @Nullable Path tokenizerPath;
  public @Nullable Double frequencyPenalty;
  public @Nullable Double repetitionPenalty;
  public @Nullable Boolean logprobs;
  public @Nullable Integer maxTokensMin;
  public @Nullable Integer maxTokensMax;
  public boolean maxTokensOmitted;
  public @Nullable Integer minTokens;
  public @Nullable Integer nChoices;
  public @Nullable Long seed;
  public @Nullable List<String> stop;
  public @Nullable List<Integer> stopTokenIds;
  public @Nullable Double temperature;
  public @Nullable Double topP;
  public @Nullable Integer topK;
  public Map<String, Object> extraArgs = new LinkedHashMap<>();
  public boolean tokenizePrompt;

  // Storage
  public List<String> visualizerNames = new ArrayList<>();
  public List<ResultSink> visualizerSinks = new ArrayList<>();
  public boolean progressTracker;
  public @Nullable String wandbApiKey;
  public @Nullable String swanlabApiKey;
  public @Nullable Path outputsDir;
  public boolean writeFiles = true;
  public boolean noTimestamp;
  public List<ResultSink> sinks = new ArrayList<>();
  public boolean defaultSinks = true;
  public List<ProgressListener> progressListeners = new ArrayList<>();

  // Other
  public @Nullable Integer dbCommitInterval;
  public @Nullable Integer queueSizeMultiplier;
  public @Nullable Integer inFlightTaskMultiplier;

  // SLA tuning: the builder's tuning, or evalscope's sla_* keys of a document for the resolver.
  public @Nullable SlaTuning slaTuning;
  public Map<String, Object> slaDocument = new LinkedHashMap<>();

  /** Problems found while setting values (for example a document value of the wrong type). */
  public List<String> earlyProblems = new ArrayList<>();

  /** Returns a deep copy, so later builder calls do not change a built run. */
  public Settings copy() {
    Settings c = new Settings();
    c.model = model;
    c.url = url;
    c.name = name;
    c.apiName = apiName;
    c.apiPlugin = apiPlugin;
    c.port = port;
    c.attnImplementation = attnImplementation;
    c.localServerCommand = localServerCommand == null ? null : new ArrayList<>(localServerCommand);
    c.localServerStartupTimeout = localServerStartupTimeout;
    c.apiKey = apiKey;
    c.debug = debug;
    c.totalTimeout = totalTimeout;
    c.connectTimeout = connectTimeout;
    c.readTimeout = readTimeout;
    c.headers = new LinkedHashMap<>(headers);
    c.testConnection = testConnection;
    c.parallel = parallel == null ? null : parallel.clone();
    c.number = number == null ? null : number.clone();
    c.rate = rate == null ? null : rate.clone();
    c.logEveryNQueries = logEveryNQueries;
    c.stream = stream;
    c.sleepInterval = sleepInterval;
    c.openLoop = openLoop;
    c.warmupCount = warmupCount;
    c.warmupRatio = warmupRatio;
    c.duration = duration;
    c.maxPromptLength = maxPromptLength;
    c.minPromptLength = minPromptLength;
    c.prefixLength = prefixLength;
    c.prompt = prompt;
    c.queryTemplate = queryTemplate;
    c.applyChatTemplate = applyChatTemplate;
    c.imageWidth = imageWidth;
    c.imageHeight = imageHeight;
    c.imageFormat = imageFormat;
    c.imageNum = imageNum;
    c.imagePatchSize = imagePatchSize;
    c.datasetName = datasetName;
    c.datasetInstance = datasetInstance;
    c.datasetPath = datasetPath;
    c.dataSource = dataSource;
    c.hubEndpoint = hubEndpoint;
    c.datasetCacheDir = datasetCacheDir;
    c.datasetOffset = datasetOffset;
    c.datasetArgs = new LinkedHashMap<>(datasetArgs);
    c.tokenizerPath = tokenizerPath;
    c.frequencyPenalty = frequencyPenalty;
    c.repetitionPenalty = repetitionPenalty;
    c.logprobs = logprobs;
    c.maxTokensMin = maxTokensMin;
    c.maxTokensMax = maxTokensMax;
    c.maxTokensOmitted = maxTokensOmitted;
    c.minTokens = minTokens;
    c.nChoices = nChoices;
    c.seed = seed;
    c.stop = stop == null ? null : new ArrayList<>(stop);
    c.stopTokenIds = stopTokenIds == null ? null : new ArrayList<>(stopTokenIds);
    c.temperature = temperature;
    c.topP = topP;
    c.topK = topK;
    c.extraArgs = new LinkedHashMap<>(extraArgs);
    c.tokenizePrompt = tokenizePrompt;
    c.visualizerNames = new ArrayList<>(visualizerNames);
    c.visualizerSinks = new ArrayList<>(visualizerSinks);
    c.progressTracker = progressTracker;
    c.wandbApiKey = wandbApiKey;
    c.swanlabApiKey = swanlabApiKey;
    c.outputsDir = outputsDir;
    c.writeFiles = writeFiles;
    c.noTimestamp = noTimestamp;
    c.sinks = new ArrayList<>(sinks);
    c.defaultSinks = defaultSinks;
    c.progressListeners = new ArrayList<>(progressListeners);
    c.dbCommitInterval = dbCommitInterval;
    c.queueSizeMultiplier = queueSizeMultiplier;
    c.inFlightTaskMultiplier = inFlightTaskMultiplier;
    c.slaTuning = slaTuning;
    c.slaDocument = new LinkedHashMap<>(slaDocument);
    c.earlyProblems = new ArrayList<>(earlyProblems);
    return c;
  }
}
