package dev.tokenstorm.core;

import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.sla.SlaResult;
import dev.tokenstorm.core.internal.config.ConfigDocument;
import dev.tokenstorm.core.internal.config.ConfigResolver;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.config.Registry;
import dev.tokenstorm.core.internal.config.Settings;
import dev.tokenstorm.core.internal.engine.SweepRunner;
import dev.tokenstorm.core.internal.sla.SlaDriver;
import dev.tokenstorm.core.internal.sla.SlaTuner;
import dev.tokenstorm.core.time.PerfClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A configured benchmark of an LLM inference endpoint: one run, or a sweep of runs over
 * concurrency or request rate.
 *
 * <p>Instances are immutable and come from {@link #builder()}, {@link #fromMap(Map)} or
 * {@link #fromJson(String)}. {@link #run()} blocks until the sweep is done; {@link #start()}
 * returns a {@link RunningPerf} handle that can cancel it from another thread. A {@code PerfRun}
 * may be run several times; runs share nothing but the configuration.
 *
 * {@snippet :
 * PerfResult result = PerfRun.builder()
 *     .url("http://127.0.0.1:8000/v1/chat/completions")
 *     .model("qwen2.5-7b-instruct")
 *     .parallel(1, 8, 32)
 *     .number(20, 160, 640)
 *     .prompt("Write a haiku about load testing.")
 *     .maxTokens(128)
 *     .build()
 *     .run();
 * System.out.println(result.toTable());
 * }
 *
 * <p>With {@link Builder#slaTuning(SlaTuning)}, the run searches instead for the largest
 * concurrency or rate that meets latency and throughput criteria: call {@link #tune()}.
 */
public final class PerfRun {

  private final PerfConfig config;
  private final PerfClock clock;
  private final Registry registry;

  private PerfRun(PerfConfig config, PerfClock clock, Registry registry) {
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  /** Returns a new builder with every setting at its default ({@link PerfDefaults}). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder filled from an evalscope-style configuration: snake_case keys such as
   * {@code model}, {@code url}, {@code parallel}, {@code max_tokens}, {@code extra_args}. Numbers
   * may be given as strings. Unknown keys and values of the wrong type are reported by
   * {@link Builder#build()} together with every other problem.
   */
  public static Builder fromMap(Map<String, ?> document) {
    Builder builder = new Builder();
    ConfigDocument.apply(document, builder, builder.settings);
    return builder;
  }

  /**
   * Returns a builder filled from a JSON object with evalscope's keys; see {@link #fromMap(Map)}.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static Builder fromJson(String json) {
    return fromMap(ConfigDocument.parseJson(json));
  }

  /**
   * Returns a builder filled from a JSON file with evalscope's keys.
   *
   * @throws IOException if the file cannot be read
   */
  public static Builder fromJson(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Runs the benchmark and blocks until every run of the sweep is done. If the calling thread is
   * interrupted, the run is cancelled and the partial result is returned with the interrupt flag
   * set again.
   *
   * <p>When SLA tuning is configured, this runs {@link #tune()} and returns
   * {@link SlaResult#measurements()}, every run of the tuning in order.
   *
   * @throws PerfRunException if the run cannot go on: the connection test failed, the dataset
   *     could not be read, or the output folder could not be created
   */
  public PerfResult run() {
    if (config.slaTuning() != null) {
      return tune().measurements();
    }
    RunningPerf running = start();
    try {
      return running.await();
    } catch (InterruptedException e) {
      running.cancel();
      try {
        return running.await();
      } catch (InterruptedException again) {
        throw new PerfRunException("run", "interrupted twice while waiting for cancellation", again);
      } finally {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts the benchmark on a background thread and returns a handle to it.
   *
   * @throws IllegalStateException if SLA tuning is configured; use {@link #tune()}, which stops
   *     the tuning when its thread is interrupted
   */
  public RunningPerf start() {
    if (config.slaTuning() != null) {
      throw new IllegalStateException("this PerfRun is configured for SLA tuning, which start()"
          + " does not run; call tune(), or run() for its runs as a PerfResult");
    }
    return new RunningPerf(new SweepRunner(config, clock, registry));
  }

  /**
   * Runs the configured SLA tuning and blocks until it ends: for each criteria group, the search
   * for the largest {@code parallel} or {@code rate} that meets the group, or for the value with
   * the best {@code max} or {@code min} goal. Each visited value is measured once with the normal
   * engine, {@link SlaTuning#numRuns()} times, and the runs are averaged. If the calling thread is
   * interrupted, the tuning stops and its result so far is returned, marked cancelled, with the
   * interrupt flag set again.
   *
   * <p>Files, unless {@link Builder#noOutputFiles()}: each run's files in
   * {@code <root>/sla_tuning/sla_<variable>_<value>_run_<i>/}, and {@code sla_summary.json},
   * {@code performance_summary.txt} and {@code benchmark.log} in the root.
   *
   * @throws IllegalStateException if no SLA tuning is configured
   * @throws PerfRunException if a run cannot go on: the connection test failed, the dataset could
   *     not be read, or an output folder could not be created
   */
  public SlaResult tune() {
    if (config.slaTuning() == null) {
      throw new IllegalStateException("no SLA tuning is configured: set slaTuning(...) on the"
          + " builder, or sla_auto_tune and sla_params in the configuration document");
    }
    return SlaDriver.run(new SlaTuner(config, clock, registry));
  }

  /** Returns the URL requests go to, after the API plugin's path rules. */
  public String url() {
    return config.url();
  }

  /** Returns the configuration as evalscope-style keys, secrets masked. */
  public Map<String, Object> describe() {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
        config.maskedConfig()));
  }

  /** Returns a description without secrets. */
  @Override
  public String toString() {
    return "PerfRun" + config.maskedConfig();
  }

  /**
   * Collects the settings of a {@link PerfRun}.
   *
   * <p>Mutable and not thread-safe. Setters return this builder; each setter replaces the earlier
   * value unless its javadoc says it adds. {@link #build()} checks every setting, reports all
   * problems in one {@link InvalidConfigException}, and returns a new immutable {@code PerfRun} on
   * each call, so changing the builder afterwards does not change a built run.
   */
  public static final class Builder {

    private final Settings settings = new Settings();
    private PerfClock clock = PerfClock.system();

    private Builder() {}

    // ------------------------------------------------------------------ basic settings

    /** Sets the model name sent as {@code model}. Required. */
    public Builder model(String model) {
      settings.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the endpoint URL. For the {@code openai} API, a URL without an endpoint path gets
     * {@code /chat/completions} appended (with a warning). Defaults to {@link PerfDefaults#URL}.
     */
    public Builder url(String url) {
      settings.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Sets the name of the output folder and of visualizer runs. Defaults to the last path segment
     * of the model name.
     */
    public Builder name(String name) {
      settings.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Selects the API plugin by name or alias, such as {@code openai}. Plugins on the class path
     * are found through {@link java.util.ServiceLoader}. Defaults to {@link PerfDefaults#API}.
     */
    public Builder api(String api) {
      settings.apiName = Objects.requireNonNull(api, "api");
      settings.apiPlugin = null;
      return this;
    }

    /** Uses {@code plugin} as the API plugin. */
    public Builder api(ApiPlugin plugin) {
      settings.apiPlugin = Objects.requireNonNull(plugin, "plugin");
      settings.apiName = null;
      return this;
    }

    /**
     * Sets the port of the inference server that {@code api("local")} or
     * {@code api("local_vllm")} starts (1-65535); requests go to
     * {@code http://127.0.0.1:<port>/v1/chat/completions}. Defaults to {@link PerfDefaults#PORT}.
     */
    public Builder port(int port) {
      settings.port = port;
      return this;
    }

    /**
     * Sets the attention implementation passed to the Transformers server of {@code api("local")}
     * ({@code --attn_implementation}, or the {@code {attn}} placeholder of
     * {@link #localServerCommand(List)}).
     */
    public Builder attnImplementation(String implementation) {
      settings.attnImplementation = Objects.requireNonNull(implementation, "implementation");
      return this;
    }

    /**
     * Sets the command that starts the inference server for {@code api("local")} or
     * {@code api("local_vllm")}, replacing the default ({@code transformers serve ...} or
     * {@code python -m vllm.entrypoints.openai.api_server ...}). In every argument,
     * {@code {model}}, {@code {port}} and {@code {attn}} are replaced by the model, the port and
     * the attention implementation. The server must listen on 127.0.0.1 at that port and answer
     * {@code GET /v1/models}; it is stopped, with its child processes, when the run ends.
     */
    public Builder localServerCommand(List<String> command) {
      settings.localServerCommand = List.copyOf(Objects.requireNonNull(command, "command"));
      return this;
    }

    /**
     * Sets how long to wait for a locally started server to answer {@code GET /v1/models} before
     * the run fails. Default 10 minutes.
     */
    public Builder localServerStartupTimeout(Duration timeout) {
      settings.localServerStartupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the API key, sent as {@code Authorization: Bearer <key>} (replacing an
     * {@code Authorization} header). The key is masked in logs, files, exceptions and
     * {@code toString}.
     */
    public Builder apiKey(String apiKey) {
      settings.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Logs every request body and response text at DEBUG (logger {@code dev.tokenstorm.requests})
     * and writes DEBUG lines to {@code benchmark.log}. Default false.
     */
    public Builder debug(boolean debug) {
      settings.debug = debug;
      return this;
    }

    // ------------------------------------------------------------------ network

    /**
     * Sets the limit on one request, streamed body included. Default {@link
     * PerfDefaults#TOTAL_TIMEOUT}.
     */
    public Builder totalTimeout(Duration timeout) {
      settings.totalTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets the TCP connect timeout. Default: none. */
    public Builder connectTimeout(Duration timeout) {
      settings.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets the longest allowed silence between two reads of a response. Default: none. */
    public Builder readTimeout(Duration timeout) {
      settings.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Adds a header sent with every request; a later value for the same name replaces it. */
    public Builder header(String name, String value) {
      settings.headers.put(Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds every header of {@code headers}. */
    public Builder headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /**
     * Sets whether to send one small request before the run to check the endpoint. Default true;
     * see {@link PerfDefaults#CONNECTION_TEST_MAX_TOKENS}.
     */
    public Builder testConnection(boolean test) {
      settings.testConnection = test;
      return this;
    }

    // ------------------------------------------------------------------ request control

    /**
     * Sets the in-flight cap of each run: closed loop, each of {@code parallel} workers sends its
     * next request when the previous one completed. Several values make a sweep, paired in order
     * with {@link #number(int...)}. In an open loop, one value caps the requests in flight
     * (excess requests wait, and the wait shows as queue time). Each at least 1. Default 1.
     */
    public Builder parallel(int... parallel) {
      settings.parallel = parallel.clone();
      return this;
    }

    /**
     * Sets the measured requests of each run (warmup excluded), paired in order with
     * {@link #parallel(int...)} or, in an open loop, with {@link #rate(double...)}. Each at least 1.
     * Default {@link PerfDefaults#NUMBER}.
     */
    public Builder number(int... number) {
      settings.number = number.clone();
      return this;
    }

    /**
     * Sets the arrival rate in requests per second, with exponential (Poisson) gaps drawn from the
     * run's seed. In a closed loop one value paces every run; {@code -1} (the default) means
     * unpaced. In an open loop the values pair with {@link #number(int...)} and must be positive.
     */
    public Builder rate(double... rate) {
      settings.rate = rate.clone();
      return this;
    }

    /** Logs a progress line every {@code n} completed requests (at least 1). Default 100. */
    public Builder logEveryNQueries(int n) {
      settings.logEveryNQueries = n;
      return this;
    }

    /** Sets whether to ask for streamed responses. Default true for generation APIs. */
    public Builder stream(boolean stream) {
      settings.stream = stream;
      return this;
    }

    /** Sets the pause between the runs of a sweep. Default {@link PerfDefaults#SLEEP_INTERVAL}. */
    public Builder sleepInterval(Duration interval) {
      settings.sleepInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Selects the open loop: requests fire on the rate schedule whatever the server does, instead
     * of waiting for a free worker. Requires {@link #rate(double...)}. Default false.
     */
    public Builder openLoop(boolean openLoop) {
      settings.openLoop = openLoop;
      return this;
    }

    /**
     * Sends {@code count} warmup requests before each run, with the same load shape; they are left
     * out of every metric, record, sink and progress count. Default 0.
     */
    public Builder warmup(int count) {
      settings.warmupCount = count;
      settings.warmupRatio = null;
      return this;
    }

    /** Sends {@code ratio x number} warmup requests (at least one) before each run; 0 < ratio < 1. */
    public Builder warmupRatio(double ratio) {
      settings.warmupRatio = ratio;
      settings.warmupCount = null;
      return this;
    }

    /**
     * Caps each run's dispatch time: no request is sent after it, whichever of number and duration
     * comes first; requests in flight still finish. Default: no cap.
     */
    public Builder duration(Duration duration) {
      settings.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    // ------------------------------------------------------------------ prompt settings

    /**
     * Sends this prompt with every request instead of a dataset: text, or {@code @path} to read a
     * UTF-8 file.
     */
    public Builder prompt(String prompt) {
      settings.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /**
     * Sets a JSON body template (text or {@code @path}). The messages or prompt are put into it,
     * {@code %m} is replaced by the model and {@code %p} by the prompt text, and generation
     * settings fill only the keys the template lacks.
     */
    public Builder queryTemplate(String template) {
      settings.queryTemplate = Objects.requireNonNull(template, "template");
      return this;
    }

    /** Sets the upper prompt-length bound, inclusive: tokens with a tokenizer, else characters. */
    public Builder maxPromptLength(int length) {
      settings.maxPromptLength = length;
      return this;
    }

    /** Sets the lower prompt-length bound, inclusive, in the same unit. Default 0. */
    public Builder minPromptLength(int length) {
      settings.minPromptLength = length;
      return this;
    }

    /** Sets the length in tokens of a random prefix shared by generated prompts. Default 0. */
    public Builder prefixLength(int length) {
      settings.prefixLength = length;
      return this;
    }

    /**
     * Sets whether datasets produce chat messages (true) or plain prompts (false). Default: true
     * when the URL ends with {@code chat/completions}.
     */
    public Builder applyChatTemplate(boolean apply) {
      settings.applyChatTemplate = apply;
      return this;
    }

    /** Sets the width in pixels of generated images. Default 224. */
    public Builder imageWidth(int width) {
      settings.imageWidth = width;
      return this;
    }

    /** Sets the height in pixels of generated images. Default 224. */
    public Builder imageHeight(int height) {
      settings.imageHeight = height;
      return this;
    }

    /** Sets the colour mode of generated images ({@code RGB}, {@code RGBA}, {@code L}, ...). */
    public Builder imageFormat(String format) {
      settings.imageFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Sets the number of generated images per request. Default 1. */
    public Builder imageNum(int count) {
      settings.imageNum = count;
      return this;
    }

    /**
     * Sets the patch edge in pixels used to estimate image tokens on the client: when the server
     * sends no usage, each base64 image adds {@code ceil(height / size) * ceil(width / size)} to
     * the tokenizer's input-token count. Default 28.
     */
    public Builder imagePatchSize(int size) {
      settings.imagePatchSize = size;
      return this;
    }

    // ------------------------------------------------------------------ dataset

    /**
     * Selects a dataset by name, such as {@code line_by_line}; datasets on the class path are
     * found through {@link java.util.ServiceLoader}. Default {@link PerfDefaults#DATASET}.
     */
    public Builder dataset(String name) {
      settings.datasetName = Objects.requireNonNull(name, "name");
      settings.datasetInstance = null;
      return this;
    }

    /** Uses {@code dataset} as the query source. */
    public Builder dataset(Dataset dataset) {
      settings.datasetInstance = Objects.requireNonNull(dataset, "dataset");
      settings.datasetName = null;
      return this;
    }

    /** Sets the dataset file or folder. */
    public Builder datasetPath(Path path) {
      settings.datasetPath = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Sets where hub datasets come from: {@code modelscope} or {@code local}. */
    public Builder dataSource(String source) {
      settings.dataSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets the base URL of the dataset hub to download from. There is no default: without it, hub
     * datasets need a local {@link #datasetPath(Path)}.
     */
    public Builder hubEndpoint(URI endpoint) {
      settings.hubEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the folder downloaded datasets are cached in. Default ~/.cache/tokenstorm/datasets. */
    public Builder datasetCacheDir(Path dir) {
      settings.datasetCacheDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Sets the dataset offset (at least 0); it advances by {@code number} after each run. */
    public Builder datasetOffset(long offset) {
      settings.datasetOffset = offset;
      return this;
    }

    /** Sets dataset-specific options; each dataset rejects keys it does not know. Replaces. */
    public Builder datasetArgs(Map<String, ?> args) {
      settings.datasetArgs = new java.util.LinkedHashMap<>(args);
      return this;
    }

    // ------------------------------------------------------------------ model settings

    /** Sets the tokenizer: a folder with {@code tokenizer.json}, or the file itself. */
    public Builder tokenizerPath(Path path) {
      settings.tokenizerPath = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Sends prompts as token-id arrays to a completions endpoint; needs a tokenizer. */
    public Builder tokenizePrompt(boolean tokenize) {
      settings.tokenizePrompt = tokenize;
      return this;
    }

    /** Sets {@code frequency_penalty} (-2 to 2). Not sent unless set. */
    public Builder frequencyPenalty(double penalty) {
      settings.frequencyPenalty = penalty;
      return this;
    }

    /** Sets {@code repetition_penalty} (greater than 0). Not sent unless set. */
    public Builder repetitionPenalty(double penalty) {
      settings.repetitionPenalty = penalty;
      return this;
    }

    /** Sets {@code logprobs}. Not sent unless set. */
    public Builder logprobs(boolean logprobs) {
      settings.logprobs = logprobs;
      return this;
    }

    /** Sets a fixed {@code max_tokens} (at least 0). Default {@link PerfDefaults#MAX_TOKENS}. */
    public Builder maxTokens(int maxTokens) {
      settings.maxTokensMin = maxTokens;
      settings.maxTokensMax = maxTokens;
      settings.maxTokensOmitted = false;
      return this;
    }

    /** Draws {@code max_tokens} uniformly from {@code [min, max]} for each request. */
    public Builder maxTokens(int min, int max) {
      settings.maxTokensMin = min;
      settings.maxTokensMax = max;
      settings.maxTokensOmitted = false;
      return this;
    }

    /** Leaves {@code max_tokens} out of request bodies, so the server's default applies. */
    public Builder omitMaxTokens() {
      settings.maxTokensOmitted = true;
      return this;
    }

    /** Sets {@code min_tokens} (at least 0). Not sent unless set. */
    public Builder minTokens(int minTokens) {
      settings.minTokens = minTokens;
      return this;
    }

    /** Sets {@code n}, the number of choices (at least 1). Not sent unless set. */
    public Builder nChoices(int n) {
      settings.nChoices = n;
      return this;
    }

    /**
     * Sets {@code seed}: sent with requests, and seeds the rate schedule, generated datasets and
     * {@code max_tokens} ranges. Unseeded runs use the clock.
     */
    public Builder seed(long seed) {
      settings.seed = seed;
      return this;
    }

    /** Sets {@code stop} strings. Not sent unless set. */
    public Builder stop(String... stop) {
      settings.stop = List.of(stop);
      return this;
    }

    /** Sets {@code stop_token_ids}, sent as integers. Not sent unless set. */
    public Builder stopTokenIds(int... ids) {
      settings.stopTokenIds = IntStream.of(ids).boxed().toList();
      return this;
    }

    /** Sets {@code temperature} (at least 0). Default {@link PerfDefaults#TEMPERATURE}. */
    public Builder temperature(double temperature) {
      settings.temperature = temperature;
      return this;
    }

    /** Sets {@code top_p} (0 exclusive to 1). Not sent unless set. */
    public Builder topP(double topP) {
      settings.topP = topP;
      return this;
    }

    /** Sets {@code top_k} (-1 disables). Not sent unless set. */
    public Builder topK(int topK) {
      settings.topK = topK;
      return this;
    }

    /** Sets extra body fields, merged into every request body last. Replaces earlier ones. */
    public Builder extraArgs(Map<String, ?> args) {
      settings.extraArgs = new java.util.LinkedHashMap<>(args);
      return this;
    }

    // ------------------------------------------------------------------ results

    /**
     * Sets the root folder of output files. Default {@link PerfDefaults#OUTPUTS_DIR}. Existing
     * folders are never overwritten: a new run folder gets a numeric suffix.
     */
    public Builder outputsDir(Path dir) {
      settings.outputsDir = Objects.requireNonNull(dir, "dir");
      settings.writeFiles = true;
      return this;
    }

    /** Writes no files at all (no output folder, no benchmark.log). Default: files are written. */
    public Builder noOutputFiles() {
      settings.writeFiles = false;
      return this;
    }

    /** Leaves out the timestamp folder level: {@code <outputsDir>/<name>}. Default false. */
    public Builder noTimestamp(boolean noTimestamp) {
      settings.noTimestamp = noTimestamp;
      return this;
    }

    /** Adds a result sink. */
    public Builder sink(ResultSink sink) {
      settings.sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Sets whether to include the default sinks: evalscope's JSON files and every
     * {@link dev.tokenstorm.api.result.ResultSinkProvider} on the class path (such as SQLite).
     * Default true.
     */
    public Builder defaultSinks(boolean include) {
      settings.defaultSinks = include;
      return this;
    }

    /** Adds a progress listener. */
    public Builder progressListener(ProgressListener listener) {
      settings.progressListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Writes {@code progress.json} in the output root while the run goes. Default false. */
    public Builder progressTracker(boolean enabled) {
      settings.progressTracker = enabled;
      return this;
    }

    /** Adds a visualizer by name: {@code wandb}, {@code swanlab} or {@code clearml}. */
    public Builder visualizer(String name) {
      settings.visualizerNames.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Adds a custom visualizer. */
    public Builder visualizer(ResultSink visualizer) {
      settings.visualizerSinks.add(Objects.requireNonNull(visualizer, "visualizer"));
      return this;
    }

    /** Sets the Weights &amp; Biases API key; defaults to the {@code WANDB_API_KEY} variable. */
    public Builder wandbApiKey(String key) {
      settings.wandbApiKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Sets the SwanLab API key, or {@code local} for local mode. */
    public Builder swanlabApiKey(String key) {
      settings.swanlabApiKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Sets SQLite rows per transaction (at least 1). Default 1000. */
    public Builder dbCommitInterval(int rows) {
      settings.dbCommitInterval = rows;
      return this;
    }

    /** Sets the paced-queue size as a multiple of {@code parallel} (at least 1). Default 5. */
    public Builder queueSizeMultiplier(int multiplier) {
      settings.queueSizeMultiplier = multiplier;
      return this;
    }

    /** Accepted for evalscope compatibility (at least 1); see {@link PerfDefaults}. */
    public Builder inFlightTaskMultiplier(int multiplier) {
      settings.inFlightTaskMultiplier = multiplier;
      return this;
    }

    /**
     * Configures SLA tuning, run by {@link PerfRun#tune()}: the sweep values of
     * {@link #parallel(int...)} and {@link #rate(double...)} then only give the search's first
     * value, and {@link #number(int...)} is replaced by {@link SlaTuning#requestsPerRun(double)}.
     * Replaces SLA settings read from a configuration document.
     */
    public Builder slaTuning(SlaTuning tuning) {
      settings.slaTuning = Objects.requireNonNull(tuning, "tuning");
      settings.slaDocument.clear();
      return this;
    }

    /** Uses {@code clock} for all timing; for tests. Default {@link PerfClock#system()}. */
    public Builder clock(PerfClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Checks every setting and returns a new immutable run.
     *
     * @throws InvalidConfigException listing every problem, each naming the setting and the
     *     rejected value
     */
    public PerfRun build() {
      Registry registry = Registry.current();
      return new PerfRun(ConfigResolver.resolve(settings.copy(), registry), clock, registry);
    }

    @Override
    public String toString() {
      return "PerfRun.Builder[model=" + settings.model + ", url=" + settings.url + ", parallel="
          + Arrays.toString(settings.parallel) + ", number=" + Arrays.toString(settings.number)
          + "]";
    }
  }
}
