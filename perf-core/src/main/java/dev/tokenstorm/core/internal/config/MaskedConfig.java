package dev.tokenstorm.core.internal.config;

import dev.tokenstorm.api.plugin.GenerationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The configuration as evalscope-style snake_case keys, with every secret replaced by
 * {@link Secret#MASK}. Written to {@code benchmark_args.json} and given to sinks.
 */
final class MaskedConfig {

  /** Header names whose values are secrets (compared ignoring case). */
  static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "x-auth-token", "api-key");

  private MaskedConfig() {}

  static Map<String, @Nullable Object> of(Settings s, String model, String url, String name,
      String api, boolean chat, List<SweepPoint> points, GenerationOptions g) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("url", url);
    m.put("name", s.name);
    m.put("api", api);
    m.put("port", s.port);
    m.put("attn_implementation", s.attnImplementation);
    m.put("api_key", s.apiKey == null ? null : Secret.MASK);
    m.put("debug", s.debug);
    m.put("total_timeout", seconds(s.totalTimeout));
    m.put("connect_timeout", seconds(s.connectTimeout));
    m.put("read_timeout", seconds(s.readTimeout));
    m.put("headers", maskHeaders(s.headers));
    m.put("no_test_connection", !s.testConnection);
    m.put("parallel", points.stream().map(SweepPoint::parallel).toList());
    m.put("number", points.stream().map(SweepPoint::number).toList());
    m.put("rate", points.stream().map(SweepPoint::rate).distinct().toList());
    m.put("open_loop", s.openLoop);
    m.put("warmup_num", s.warmupRatio != null ? (Object) s.warmupRatio : s.warmupCount);
    m.put("duration", seconds(s.duration));
    m.put("log_every_n_query", s.logEveryNQueries);
    m.put("stream", g.stream());
    m.put("sleep_interval", seconds(s.sleepInterval));
    m.put("max_prompt_length", s.maxPromptLength);
    m.put("min_prompt_length", s.minPromptLength);
    m.put("prefix_length", s.prefixLength);
    m.put("prompt", s.prompt);
    m.put("query_template", s.queryTemplate);
    m.put("apply_chat_template", chat);
    m.put("image_width", s.imageWidth);
    m.put("image_height", s.imageHeight);
    m.put("image_format", s.imageFormat);
    m.put("image_num", s.imageNum);
    m.put("image_patch_size", s.imagePatchSize);
    m.put("dataset", s.datasetInstance != null ? s.datasetInstance.name() : s.datasetName);
    m.put("dataset_path", s.datasetPath == null ? null : s.datasetPath.toString());
    m.put("data_source", s.dataSource);
    m.put("hub_endpoint", s.hubEndpoint == null ? null : s.hubEndpoint.toString());
    m.put("dataset_offset", s.datasetOffset);
    m.put("dataset_args", new LinkedHashMap<>(s.datasetArgs));
    m.put("tokenizer_path", s.tokenizerPath == null ? null : s.tokenizerPath.toString());
    m.put("tokenize_prompt", s.tokenizePrompt);
    m.put("frequency_penalty", g.frequencyPenalty());
    m.put("repetition_penalty", g.repetitionPenalty());
    m.put("logprobs", g.logprobs());
    m.put("max_tokens", maxTokens(g));
    m.put("min_tokens", g.minTokens());
    m.put("n_choices", g.nChoices());
    m.put("seed", g.seed());
    m.put("stop", g.stop().isEmpty() ? null : g.stop());
    m.put("stop_token_ids", g.stopTokenIds().isEmpty() ? null : g.stopTokenIds());
    m.put("temperature", g.temperature());
    m.put("top_p", g.topP());
    m.put("top_k", g.topK());
    m.put("extra_args", new LinkedHashMap<>(g.extraArgs()));
    m.put("visualizer", s.visualizerNames.isEmpty() ? null : String.join(",", s.visualizerNames));
    m.put("enable_progress_tracker", s.progressTracker);
    m.put("wandb_api_key", s.wandbApiKey == null ? null : Secret.MASK);
    m.put("swanlab_api_key", s.swanlabApiKey == null ? null : Secret.MASK);
    m.put("outputs_dir", s.outputsDir == null ? null : s.outputsDir.toString());
    m.put("no_timestamp", s.noTimestamp);
    m.put("db_commit_interval", s.dbCommitInterval);
    m.put("queue_size_multiplier", s.queueSizeMultiplier);
    m.put("in_flight_task_multiplier", s.inFlightTaskMultiplier);
    return m;
  }

  static Map<String, String> maskHeaders(Map<String, String> headers) {
    Map<String, String> masked = new LinkedHashMap<>();
    headers.forEach((k, v) ->
        masked.put(k, SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? Secret.MASK : v));
    return masked;
  }

  private static @Nullable Object maxTokens(GenerationOptions g) {
    if (g.maxTokensMin() == null) {
      return null;
    }
    if (g.maxTokensMin().equals(g.maxTokensMax())) {
      return g.maxTokensMin();
    }
    List<Integer> range = new ArrayList<>();
    range.add(g.maxTokensMin());
    range.add(g.maxTokensMax());
    return range;
  }

  private static @Nullable Double seconds(@Nullable Duration duration) {
    return duration == null ? null : duration.toNanos() / 1e9;
  }
}
