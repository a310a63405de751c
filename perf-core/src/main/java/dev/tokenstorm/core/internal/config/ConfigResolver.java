package dev.tokenstorm.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.api.tokenizer.TokenizerProvider;
import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.SlaTuning;
import dev.tokenstorm.core.internal.dataset.PromptDataset;
import dev.tokenstorm.core.internal.sla.SlaDocument;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks every setting of a {@code PerfRun.Builder}, applies defaults and derives the values that
 * depend on each other (URL suffix, chat-template mode, sweep points). All problems are collected
 * and reported together in one {@link InvalidConfigException}, before any traffic.
 */
public final class ConfigResolver {

  private static final Set<String> IMAGE_FORMATS = Set.of("RGB", "RGBA", "L", "1", "P", "CMYK");

  private static final Set<String> DATA_SOURCES = Set.of("modelscope", "local");

  private final Settings s;
  private final Registry registry;
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ConfigResolver(Settings settings, Registry registry) {
    this.s = settings;
    this.registry = registry;
  }

  /**
   * Validates {@code settings} and returns the resolved configuration.
   *
   * @throws InvalidConfigException listing every problem found
   */
  public static PerfConfig resolve(Settings settings, Registry registry) {
    return new ConfigResolver(settings, registry).resolve();
  }

  private PerfConfig resolve() {
    problems.addAll(s.earlyProblems);
    String model = resolveModel();
    ApiPlugin plugin = resolvePlugin();
    String url = resolveUrl(plugin);
    boolean chat = s.applyChatTemplate != null ? s.applyChatTemplate : endsWithChat(url);
    url = resolveTokenizePromptUrl(url, plugin);
    Duration totalTimeout = positive("totalTimeout", s.totalTimeout, PerfDefaults.TOTAL_TIMEOUT);
    Duration connectTimeout = positive("connectTimeout", s.connectTimeout, null);
    Duration readTimeout = positive("readTimeout", s.readTimeout, null);
    checkHeaders();
    SlaTuning sla = resolveSla();
    List<SweepPoint> points = sla != null ? resolveSlaStart(sla) : resolveSweep();
    int logEvery = atLeast("logEveryNQueries", s.logEveryNQueries, 1, PerfDefaults.LOG_EVERY_N_QUERIES);
    Duration sleep = notNegative("sleepInterval", s.sleepInterval, PerfDefaults.SLEEP_INTERVAL);
    Warmup warmup = resolveWarmup();
    Duration duration = positive("duration", s.duration, null);
    String prompt = resolvePrompt();
    String template = resolveTemplate();
    int minPrompt = atLeast("minPromptLength", s.minPromptLength, 0, PerfDefaults.MIN_PROMPT_LENGTH);
    int maxPrompt = atLeast("maxPromptLength", s.maxPromptLength, 0, PerfDefaults.MAX_PROMPT_LENGTH);
    if (maxPrompt < minPrompt) {
      problems.add("maxPromptLength must be at least minPromptLength (" + minPrompt + ") but was "
          + maxPrompt);
    }
    int prefix = atLeast("prefixLength", s.prefixLength, 0, 0);
    ImageSettings images = resolveImages();
    checkExistingPath("datasetPath", s.datasetPath);
    String dataSource = resolveDataSource();
    checkHubEndpoint();
    long offset = s.datasetOffset == null ? 0 : s.datasetOffset;
    if (offset < 0) {
      problems.add("datasetOffset must be at least 0 but was " + offset);
    }
    Tokenizer tokenizer = resolveTokenizer();
    Dataset dataset = resolveDataset(prompt, chat);
    String datasetLabel = prompt != null ? "prompt" : dataset.name();
    GenerationOptions generation = resolveGeneration(model, template, plugin);
    int dbCommit = atLeast("dbCommitInterval", s.dbCommitInterval, 1, PerfDefaults.DB_COMMIT_INTERVAL);
    int queueMultiplier =
        atLeast("queueSizeMultiplier", s.queueSizeMultiplier, 1, PerfDefaults.QUEUE_SIZE_MULTIPLIER);
    int inFlightMultiplier = atLeast("inFlightTaskMultiplier", s.inFlightTaskMultiplier, 1,
        PerfDefaults.IN_FLIGHT_TASK_MULTIPLIER);
    int port = resolvePort();
    checkVisualizers();
    checkSinks();
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    String name = resolveName(model);
    Path cacheDir = s.datasetCacheDir != null ? s.datasetCacheDir
        : Path.of(System.getProperty("user.home"), ".cache", "tokenstorm", "datasets");
    Secret apiKey = s.apiKey == null || s.apiKey.isEmpty() ? null : Secret.of(s.apiKey);
    Map<String, @Nullable Object> masked =
        MaskedConfig.of(s, model, url, name, plugin.name(), chat, points, generation);
    if (sla != null) {
      masked.putAll(SlaDocument.describe(sla));
    }
    return new PerfConfig(
        model, url, name, plugin, plugin.name(), port, s.attnImplementation, apiKey, s.debug,
        totalTimeout, connectTimeout, readTimeout, Map.copyOf(s.headers), s.testConnection, points,
        logEvery, sleep, s.openLoop, warmup, duration, prompt, dataset, datasetLabel, s.datasetPath,
        chat, minPrompt, maxPrompt, prefix, images, dataSource, s.hubEndpoint, cacheDir, offset,
        Map.copyOf(s.datasetArgs), s.tokenizerPath, tokenizer, generation,
        List.copyOf(s.sinks.isEmpty() && s.visualizerSinks.isEmpty() ? List.of()
            : concat(s.sinks, s.visualizerSinks)),
        List.copyOf(s.visualizerNames),
        s.wandbApiKey == null ? null : Secret.of(s.wandbApiKey),
        s.swanlabApiKey == null ? null : Secret.of(s.swanlabApiKey),
        s.defaultSinks, List.copyOf(s.progressListeners), s.progressTracker,
        s.writeFiles ? (s.outputsDir != null ? s.outputsDir : PerfDefaults.OUTPUTS_DIR) : null,
        s.noTimestamp, dbCommit, queueMultiplier, inFlightMultiplier, masked, List.copyOf(warnings),
        sla);
  }

  // ------------------------------------------------------------------ SLA tuning

  private @Nullable SlaTuning resolveSla() {
    SlaTuning tuning = s.slaTuning;
    if (tuning == null && !s.slaDocument.isEmpty()) {
      tuning = SlaDocument.parse(s.slaDocument, problems, warnings).orElse(null);
    }
    if (tuning == null) {
      return null;
    }
    warnings.addAll(tuning.warnings());
    if (tuning.variable() == SlaVariable.PARALLEL && s.openLoop) {
      problems.add("SLA tuning of parallel needs a closed loop, but openLoop is true; tune rate"
          + " with an open loop, or set openLoop(false)");
    }
    if (!s.visualizerNames.isEmpty()) {
      warnings.add("the visualizers " + s.visualizerNames + " are not used during SLA tuning;"
          + " visualizer sinks, result sinks and progress listeners are");
    }
    if (s.progressTracker) {
      warnings.add("progressTracker writes no progress.json during SLA tuning; use a progress"
          + " listener to follow the runs");
    }
    return tuning;
  }

  /**
   * Checks the sweep values of an SLA tuning, which supply only the search's starting value: the
   * first {@code parallel}, or the first {@code rate} when tuning rate.
   */
  private List<SweepPoint> resolveSlaStart(SlaTuning tuning) {
    int[] numbers = s.number != null ? s.number : new int[] {PerfDefaults.NUMBER};
    double[] rates = s.rate != null ? s.rate : new double[] {PerfDefaults.UNPACED};
    int[] parallels = s.parallel != null ? s.parallel : new int[] {PerfDefaults.PARALLEL};
    checkEach("number", numbers, 1);
    checkEach("parallel", parallels, 1);
    for (double rate : rates) {
      if (!(rate > 0) && rate != SweepPoint.UNPACED) {
        problems.add("rate must be greater than 0, or -1 for unpaced, but was " + rate);
      }
    }
    if (numbers.length == 0 || rates.length == 0 || parallels.length == 0) {
      problems.add("number, parallel and rate must each have at least one value");
      return List.of();
    }
    if (tuning.variable() == SlaVariable.RATE && !(rates[0] > 0)) {
      rates = new double[] {tuning.lowerBound()};
    }
    return List.of(new SweepPoint(parallels[0], numbers[0], rates[0]));
  }

  private String resolveModel() {
    if (s.model == null || s.model.isBlank()) {
      problems.add("model is required: set model(\"<served model name>\")");
      return "";
    }
    return s.model;
  }

  private ApiPlugin resolvePlugin() {
    if (s.apiPlugin != null) {
      return s.apiPlugin;
    }
    if (dev.tokenstorm.core.internal.local.LocalServerSpec.isLocal(s.apiName)) {
      return dev.tokenstorm.core.internal.local.LocalServerSettings.plugin(s, problems);
    }
    String name = s.apiName != null ? s.apiName : PerfDefaults.API;
    Optional<ApiPlugin> plugin = registry.plugin(name);
    if (plugin.isEmpty()) {
      java.util.TreeSet<String> known = new java.util.TreeSet<>(registry.pluginNames());
      known.add("local");
      known.add("local_vllm");
      problems.add("api '" + name + "' is not a known API plugin; known: "
          + String.join(", ", known)
          + " (custom plugins are found through ServiceLoader by ApiPlugin.name())");
      return registry.plugin(PerfDefaults.API).orElseThrow(
          () -> new IllegalStateException("the built-in openai plugin is missing from perf-core"));
    }
    return plugin.get();
  }

  private String resolveUrl(ApiPlugin plugin) {
    String raw = s.url != null ? s.url.strip() : PerfDefaults.URL;
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      problems.add("url must be an absolute http or https URL but was '" + raw + "': "
          + e.getReason() + (raw.contains("://") ? ""
              : "; write it with its scheme, for example 'http://" + raw + "'"));
      return raw;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      problems.add("url must be an absolute http or https URL with a host but was '" + raw + "'"
          + (raw.contains("://") ? ""
              : "; write it with its scheme, for example 'http://" + raw + "'"));
      return raw;
    }
    return plugin.resolveUrl(raw, warnings::add);
  }

  private String resolveTokenizePromptUrl(String url, ApiPlugin plugin) {
    if (!s.tokenizePrompt) {
      return url;
    }
    if (s.tokenizerPath == null) {
      problems.add("tokenizePrompt needs tokenizerPath: token ids are computed on the client");
    }
    if (plugin.kind() != ApiKind.GENERATION || plugin.name().contains("responses")) {
      problems.add("tokenizePrompt works only with completions endpoints but api is '"
          + plugin.name() + "'");
    }
    String stripped = stripSlash(url);
    if (stripped.endsWith("chat/completions")) {
      String rewritten = stripped.substring(0, stripped.length() - "chat/completions".length())
          + "completions";
      warnings.add("tokenizePrompt sends token ids, which chat endpoints do not accept; url changed"
          + " from " + url + " to " + rewritten);
      return rewritten;
    }
    return url;
  }

  private void checkHeaders() {
    s.headers.forEach((key, value) -> {
      if (key.isEmpty() || !key.chars().allMatch(ConfigResolver::isTokenChar)) {
        problems.add("header name '" + key + "' is not a valid HTTP header name");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        problems.add("header '" + key + "' must not contain line breaks");
      }
    });
  }

  private List<SweepPoint> resolveSweep() {
    int[] numbers = s.number != null ? s.number : new int[] {PerfDefaults.NUMBER};
    double[] rates = s.rate != null ? s.rate : new double[] {PerfDefaults.UNPACED};
    int[] parallels = s.parallel != null ? s.parallel
        : new int[] {s.openLoop ? SweepPoint.UNCAPPED : PerfDefaults.PARALLEL};
    checkEach("number", numbers, 1);
    if (!s.openLoop || s.parallel != null) {
      checkEach("parallel", parallels, 1);
    }
    for (double rate : rates) {
      if (!(rate > 0) && rate != SweepPoint.UNPACED) {
        problems.add("rate must be greater than 0, or -1 for unpaced, but was " + rate);
      }
    }
    if (numbers.length == 0 || rates.length == 0 || parallels.length == 0) {
      problems.add("number, parallel and rate must each have at least one value");
      return List.of();
    }
    List<SweepPoint> points = new ArrayList<>();
    if (s.openLoop) {
      if (numbers.length != rates.length) {
        problems.add("an open-loop sweep pairs rate with number, so both need the same count of"
            + " values, but rate has " + rates.length + " " + Arrays.toString(rates)
            + " and number has " + numbers.length + " " + Arrays.toString(numbers));
      }
      if (Arrays.stream(rates).anyMatch(r -> r <= 0)) {
        problems.add("an open loop needs every rate greater than 0 but rate was "
            + Arrays.toString(rates));
      }
      if (parallels.length != 1) {
        problems.add("in an open loop parallel is one in-flight cap for every run but it has "
            + parallels.length + " values " + Arrays.toString(parallels));
      }
      for (int i = 0; i < Math.min(numbers.length, rates.length); i++) {
        points.add(new SweepPoint(parallels[0], numbers[i], rates[i]));
      }
    } else {
      if (numbers.length != parallels.length) {
        problems.add("a closed-loop sweep pairs parallel with number, so both need the same count"
            + " of values, but parallel has " + parallels.length + " " + Arrays.toString(parallels)
            + " and number has " + numbers.length + " " + Arrays.toString(numbers));
      }
      if (rates.length != 1) {
        problems.add("in a closed loop rate is one pacing for every run but it has " + rates.length
            + " values " + Arrays.toString(rates) + "; sweep rates with openLoop(true)");
      }
      for (int i = 0; i < Math.min(numbers.length, parallels.length); i++) {
        points.add(new SweepPoint(parallels[i], numbers[i], rates[0]));
      }
    }
    return List.copyOf(points);
  }

  private Warmup resolveWarmup() {
    if (s.warmupRatio != null) {
      double ratio = s.warmupRatio;
      if (!(ratio > 0 && ratio < 1)) {
        problems.add("warmup ratio must be between 0 and 1 (exclusive) but was " + ratio);
        return Warmup.NONE;
      }
      return new Warmup(0, ratio);
    }
    int count = atLeast("warmup", s.warmupCount, 0, 0);
    return new Warmup(count, 0);
  }

  private @Nullable String resolvePrompt() {
    if (s.prompt == null) {
      return null;
    }
    return readTextOrFile("prompt", s.prompt);
  }

  private @Nullable String resolveTemplate() {
    if (s.queryTemplate == null) {
      return null;
    }
    String text = readTextOrFile("queryTemplate", s.queryTemplate);
    if (text == null) {
      return null;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(text);
      if (node == null || !node.isObject()) {
        problems.add("queryTemplate must be a JSON object but was: " + abbreviate(text));
        return null;
      }
    } catch (JsonProcessingException e) {
      problems.add("queryTemplate is not valid JSON (" + e.getOriginalMessage() + "): "
          + abbreviate(text));
      return null;
    }
    return text;
  }

  private @Nullable String readTextOrFile(String parameter, String value) {
    if (!value.startsWith("@")) {
      return value;
    }
    Path path = Path.of(value.substring(1));
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      problems.add(parameter + " file " + path.toAbsolutePath() + " could not be read ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the path after '@'");
      return null;
    }
  }

  private ImageSettings resolveImages() {
    ImageSettings d = ImageSettings.DEFAULTS;
    int width = atLeast("imageWidth", s.imageWidth, 1, d.width());
    int height = atLeast("imageHeight", s.imageHeight, 1, d.height());
    int count = atLeast("imageNum", s.imageNum, 1, d.count());
    int patch = atLeast("imagePatchSize", s.imagePatchSize, 1, d.patchSize());
    String format = s.imageFormat != null ? s.imageFormat : d.format();
    if (!IMAGE_FORMATS.contains(format)) {
      problems.add("imageFormat must be one of " + new java.util.TreeSet<>(IMAGE_FORMATS)
          + " but was '" + format + "'");
    }
    return new ImageSettings(width, height, format, count, patch);
  }

  private @Nullable String resolveDataSource() {
    if (s.dataSource == null) {
      return null;
    }
    String source = s.dataSource.toLowerCase(Locale.ROOT);
    if (!DATA_SOURCES.contains(source)) {
      problems.add("dataSource must be one of " + new java.util.TreeSet<>(DATA_SOURCES)
          + " but was '" + s.dataSource + "'");
    }
    return source;
  }

  private void checkHubEndpoint() {
    if (s.hubEndpoint == null) {
      return;
    }
    String scheme = s.hubEndpoint.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))
        || s.hubEndpoint.getHost() == null) {
      problems.add("hubEndpoint must be an absolute http or https URL but was '" + s.hubEndpoint
          + "'");
    }
  }

  private @Nullable Tokenizer resolveTokenizer() {
    if (s.tokenizerPath == null) {
      return null;
    }
    if (!Files.exists(s.tokenizerPath)) {
      problems.add("tokenizerPath " + s.tokenizerPath.toAbsolutePath() + " does not exist; point it"
          + " at a folder with tokenizer.json or at the file itself");
      return null;
    }
    Optional<TokenizerProvider> provider = registry.tokenizerProvider();
    if (provider.isEmpty()) {
      problems.add("tokenizerPath is set but no tokenizer implementation is on the class path;"
          + " add the dev.tokenstorm:perf-datasets dependency");
      return null;
    }
    try {
      return provider.get().load(s.tokenizerPath);
    } catch (IOException | RuntimeException e) {
      problems.add("tokenizerPath " + s.tokenizerPath.toAbsolutePath() + " could not be loaded: "
          + e.getMessage());
      return null;
    }
  }

  private Dataset resolveDataset(@Nullable String prompt, boolean chat) {
    if (prompt != null) {
      if (s.datasetName != null || s.datasetInstance != null) {
        String dataset = s.datasetInstance != null ? s.datasetInstance.name() : s.datasetName;
        warnings.add("prompt is set, so dataset '" + dataset + "' is not used: every request"
            + " sends the prompt (as in evalscope, the prompt wins); remove prompt(...) to use"
            + " the dataset");
      }
      return new PromptDataset(prompt, chat);
    }
    if (s.datasetInstance != null) {
      return s.datasetInstance;
    }
    String name = s.datasetName != null ? s.datasetName : PerfDefaults.DATASET;
    Optional<Dataset> dataset = registry.dataset(name);
    if (dataset.isEmpty()) {
      String hint = s.datasetName == null
          ? "; no prompt or dataset was set, so the default dataset '" + PerfDefaults.DATASET
              + "' was tried: set prompt(...) or dataset(...), or add dev.tokenstorm:perf-datasets"
          : "";
      problems.add("dataset '" + name + "' is not a known dataset; known: "
          + String.join(", ", registry.datasetNames()) + hint);
      return new PromptDataset("", chat);
    }
    return dataset.get();
  }

  private GenerationOptions resolveGeneration(String model, @Nullable String template,
      ApiPlugin plugin) {
    Integer maxMin = s.maxTokensMin;
    Integer maxMax = s.maxTokensMax;
    if (s.maxTokensOmitted) {
      maxMin = null;
      maxMax = null;
    } else if (maxMin == null) {
      maxMin = PerfDefaults.MAX_TOKENS;
      maxMax = PerfDefaults.MAX_TOKENS;
    } else if (maxMin < 0 || maxMax == null || maxMax < maxMin) {
      problems.add("maxTokens must be at least 0, and a range needs min <= max, but was "
          + maxMin + (maxMax != null && !maxMax.equals(maxMin) ? ".." + maxMax : ""));
    }
    if (s.minTokens != null && s.minTokens < 0) {
      problems.add("minTokens must be at least 0 but was " + s.minTokens);
    }
    if (s.nChoices != null && s.nChoices < 1) {
      problems.add("nChoices must be at least 1 but was " + s.nChoices);
    }
    if (s.temperature != null && !(s.temperature >= 0)) {
      problems.add("temperature must be at least 0 but was " + s.temperature);
    }
    if (s.topP != null && !(s.topP > 0 && s.topP <= 1)) {
      problems.add("topP must be greater than 0 and at most 1 but was " + s.topP);
    }
    if (s.topK != null && s.topK < -1) {
      problems.add("topK must be -1 (disabled) or at least 0 but was " + s.topK);
    }
    if (s.frequencyPenalty != null && !(s.frequencyPenalty >= -2 && s.frequencyPenalty <= 2)) {
      problems.add("frequencyPenalty must be between -2 and 2 but was " + s.frequencyPenalty);
    }
    if (s.repetitionPenalty != null && !(s.repetitionPenalty > 0)) {
      problems.add("repetitionPenalty must be greater than 0 but was " + s.repetitionPenalty);
    }
    boolean stream = s.stream != null ? s.stream : plugin.kind() == ApiKind.GENERATION;
    if (stream && plugin.kind() != ApiKind.GENERATION) {
      problems.add("stream must be false for api '" + plugin.name() + "': " + plugin.kind()
          .name().toLowerCase(Locale.ROOT) + " endpoints do not stream");
    }
    double temperature = s.temperature != null ? s.temperature : PerfDefaults.TEMPERATURE;
    return new GenerationOptions(model.isEmpty() ? null : model, maxMin, maxMax, s.minTokens,
        s.frequencyPenalty, s.repetitionPenalty, s.logprobs, s.nChoices, s.seed,
        s.stop == null ? List.of() : s.stop, s.stopTokenIds == null ? List.of() : s.stopTokenIds,
        stream, temperature, s.topP, s.topK, s.extraArgs, template, s.tokenizePrompt);
  }

  private int resolvePort() {
    int port = s.port != null ? s.port : PerfDefaults.PORT;
    if (port < 1 || port > 65_535) {
      problems.add("port must be between 1 and 65535 but was " + port);
    }
    return port;
  }

  private void checkVisualizers() {
    for (String name : s.visualizerNames) {
      // Checks credentials and server addresses too, so a missing WANDB_BASE_URL fails here,
      // before any traffic, instead of when the run starts.
      String key = switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "wandb" -> s.wandbApiKey;
        case "swanlab" -> s.swanlabApiKey;
        default -> null;
      };
      var settings = new dev.tokenstorm.core.internal.visualizer.VisualizerSettings(
          s.name != null ? s.name : "run", s.model != null ? s.model : "", key, System.getenv(),
          null, Duration.ofSeconds(5), Map.of());
      for (String problem
          : dev.tokenstorm.core.internal.visualizer.Visualizers.validate(name, settings)) {
        problems.add("visualizer: " + problem);
      }
    }
  }

  private void checkSinks() {
    for (ResultSink sink : s.sinks) {
      if (sink == null) {
        problems.add("sink must not be null");
      }
    }
  }

  private String resolveName(String model) {
    String base = s.name != null && !s.name.isBlank() ? s.name : baseName(model);
    StringBuilder safe = new StringBuilder(base.length());
    for (char c : base.toCharArray()) {
      safe.append("<>:\"|?*\\/\0".indexOf(c) >= 0 ? '_' : c);
    }
    return safe.toString();
  }

  private static String baseName(String model) {
    String trimmed = stripSlash(model);
    int slash = trimmed.lastIndexOf('/');
    return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
  }

  private void checkExistingPath(String parameter, @Nullable Path path) {
    if (path != null && !Files.exists(path)) {
      problems.add(parameter + " " + path.toAbsolutePath() + " does not exist");
    }
  }

  private void checkEach(String parameter, int[] values, int min) {
    for (int value : values) {
      if (value < min) {
        problems.add(parameter + " must be at least " + min + " but was " + value);
      }
    }
  }

  private int atLeast(String parameter, @Nullable Integer value, int min, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < min) {
      problems.add(parameter + " must be at least " + min + " but was " + value);
    }
    return value;
  }

  private @Nullable Duration positive(String parameter, @Nullable Duration value,
      @Nullable Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      problems.add(parameter + " must be positive but was " + value);
    }
    return value;
  }

  private Duration notNegative(String parameter, @Nullable Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative()) {
      problems.add(parameter + " must not be negative but was " + value);
    }
    return value;
  }

  private static boolean endsWithChat(String url) {
    return stripSlash(url).endsWith("chat/completions");
  }

  private static String stripSlash(String value) {
    String result = value;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  private static boolean isTokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
