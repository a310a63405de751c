package dev.tokenstorm.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.core.PerfRun;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies an evalscope-style configuration document (snake_case keys, JSON-like values) to a
 * {@link PerfRun.Builder}. Values of the wrong type and unknown keys become problems that
 * {@code build()} reports together with all others.
 */
public final class ConfigDocument {

  private ConfigDocument() {}

  /** Parses a JSON object into a map. */
  public static Map<String, Object> parseJson(String json) {
    try {
      Map<String, Object> map = new ObjectMapper().readValue(json, new TypeReference<>() {});
      if (map == null) {
        throw new IllegalArgumentException("configuration JSON must be an object but was null");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("configuration is not a valid JSON object: "
          + e.getOriginalMessage(), e);
    }
  }

  /** Applies every entry of {@code document} to {@code builder}. */
  public static void apply(Map<String, ?> document, PerfRun.Builder b, Settings settings) {
    Reader r = new Reader(settings.earlyProblems);
    document.forEach((key, value) -> {
      if (value == null) {
        return;
      }
      try {
        applyOne(key, value, b, settings, r);
      } catch (RuntimeException e) {
        settings.earlyProblems.add(key + ": " + e.getMessage());
      }
    });
  }

  @SuppressWarnings("checkstyle:MethodLength")
  private static void applyOne(String key, Object v, PerfRun.Builder b, Settings s, Reader r) {
    // One case per evalscope parameter; the switch is long because the parameter list is.
    switch (key) {
      case "model" -> r.string(key, v, b::model);
      case "url" -> r.string(key, v, b::url);
      case "name" -> r.string(key, v, b::name);
      case "api" -> r.string(key, v, b::api);
      case "port" -> r.integer(key, v, b::port);
      case "attn_implementation" -> r.string(key, v, b::attnImplementation);
      case "api_key" -> r.string(key, v, b::apiKey);
      case "debug" -> r.bool(key, v, b::debug);
      case "total_timeout" -> r.seconds(key, v, b::totalTimeout);
      case "connect_timeout" -> r.seconds(key, v, b::connectTimeout);
      case "read_timeout" -> r.seconds(key, v, b::readTimeout);
      case "headers" -> r.headers(key, v, b);
      case "no_test_connection" -> r.bool(key, v, x -> b.testConnection(!x));
      case "parallel" -> r.ints(key, v, b::parallel);
      case "number", "n" -> r.ints(key, v, b::number);
      case "rate" -> r.doubles(key, v, b::rate);
      case "log_every_n_query" -> r.integer(key, v, b::logEveryNQueries);
      case "stream" -> r.bool(key, v, b::stream);
      case "sleep_interval" -> r.seconds(key, v, b::sleepInterval);
      case "open_loop" -> r.bool(key, v, b::openLoop);
      case "warmup_num" -> r.number(key, v, x -> {
        if (x >= 1 || x == 0) {
          b.warmup(x.intValue());
        } else {
          b.warmupRatio(x);
        }
      });
      case "duration" -> r.seconds(key, v, b::duration);
      case "max_prompt_length" -> r.integer(key, v, b::maxPromptLength);
      case "min_prompt_length" -> r.integer(key, v, b::minPromptLength);
      case "prefix_length" -> r.integer(key, v, b::prefixLength);
      case "prompt" -> r.string(key, v, b::prompt);
      case "query_template" -> r.jsonOrString(key, v, b::queryTemplate);
      case "apply_chat_template" -> r.bool(key, v, b::applyChatTemplate);
      case "image_width" -> r.integer(key, v, b::imageWidth);
      case "image_height" -> r.integer(key, v, b::imageHeight);
      case "image_format" -> r.string(key, v, b::imageFormat);
      case "image_num" -> r.integer(key, v, b::imageNum);
      case "image_patch_size" -> r.integer(key, v, b::imagePatchSize);
      case "dataset" -> r.string(key, v, b::dataset);
      case "dataset_path" -> r.string(key, v, x -> b.datasetPath(Path.of(x)));
      case "data_source" -> r.string(key, v, b::dataSource);
      case "hub_endpoint" -> r.string(key, v, x -> b.hubEndpoint(URI.create(x)));
      case "dataset_offset" -> r.integer(key, v, b::datasetOffset);
      case "dataset_args" -> r.map(key, v, b::datasetArgs);
      case "tokenizer_path" -> r.string(key, v, x -> b.tokenizerPath(Path.of(x)));
      case "tokenize_prompt" -> r.bool(key, v, b::tokenizePrompt);
      case "frequency_penalty" -> r.number(key, v, b::frequencyPenalty);
      case "repetition_penalty" -> r.number(key, v, b::repetitionPenalty);
      case "logprobs" -> r.bool(key, v, b::logprobs);
      case "max_tokens" -> r.maxTokens(key, v, b);
      case "min_tokens" -> r.integer(key, v, b::minTokens);
      case "n_choices" -> r.integer(key, v, b::nChoices);
      case "seed" -> r.number(key, v, x -> b.seed(x.longValue()));
      case "stop" -> r.strings(key, v, x -> b.stop(x.toArray(String[]::new)));
      case "stop_token_ids" -> r.ints(key, v, b::stopTokenIds);
      case "temperature" -> r.number(key, v, b::temperature);
      case "top_p" -> r.number(key, v, b::topP);
      case "top_k" -> r.integer(key, v, b::topK);
      case "extra_args" -> r.map(key, v, b::extraArgs);
      case "visualizer" -> r.string(key, v, b::visualizer);
      case "enable_progress_tracker" -> r.bool(key, v, b::progressTracker);
      case "wandb_api_key" -> r.string(key, v, b::wandbApiKey);
      case "swanlab_api_key" -> r.string(key, v, b::swanlabApiKey);
      case "outputs_dir" -> r.string(key, v, x -> b.outputsDir(Path.of(x)));
      case "no_timestamp" -> r.bool(key, v, b::noTimestamp);
      case "db_commit_interval" -> r.integer(key, v, b::dbCommitInterval);
      case "queue_size_multiplier" -> r.integer(key, v, b::queueSizeMultiplier);
      case "in_flight_task_multiplier" -> r.integer(key, v, b::inFlightTaskMultiplier);
      case "sla_auto_tune", "sla_variable", "sla_params", "sla_upper_bound", "sla_lower_bound",
          "sla_fixed_parallel", "sla_num_runs", "sla_number_multiplier", "sla_min_requests",
          "sla_max_failure_rate", "sla_rate_tolerance" -> {
        // Parsed together by ConfigResolver, because they only make sense as a whole.
        s.slaDocument.put(key, v);
        s.slaTuning = null;
      }
      default -> s.earlyProblems.add("unknown parameter '" + key + "'; parameters use evalscope's"
          + " snake_case names, such as max_tokens or extra_args");
    }
  }

  /** Converts document values, reporting type errors as problems. */
  private static final class Reader {
    private final List<String> problems;

    Reader(List<String> problems) {
      this.problems = problems;
    }

    void string(String key, Object v, Consumer<String> target) {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        target.accept(String.valueOf(v));
      } else {
        problems.add(key + " must be a string but was " + describe(v));
      }
    }

    void bool(String key, Object v, Consumer<Boolean> target) {
      if (v instanceof Boolean x) {
        target.accept(x);
      } else if (v instanceof String x && (x.equalsIgnoreCase("true") || x.equalsIgnoreCase("false"))) {
        target.accept(Boolean.parseBoolean(x));
      } else {
        problems.add(key + " must be true or false but was " + describe(v));
      }
    }

    void number(String key, Object v, Consumer<Double> target) {
      Double x = toDouble(v);
      if (x == null) {
        problems.add(key + " must be a number but was " + describe(v));
      } else {
        target.accept(x);
      }
    }

    void integer(String key, Object v, Consumer<Integer> target) {
      Double x = toDouble(v);
      if (x == null || x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
        problems.add(key + " must be a whole number but was " + describe(v));
      } else {
        target.accept(x.intValue());
      }
    }

    void seconds(String key, Object v, Consumer<Duration> target) {
      Double x = toDouble(v);
      if (x == null) {
        problems.add(key + " must be a number of seconds but was " + describe(v));
      } else {
        target.accept(Duration.ofNanos((long) (x * 1e9)));
      }
    }

    void ints(String key, Object v, Consumer<int[]> target) {
      List<?> values = v instanceof List<?> list ? list : List.of(v);
      int[] result = new int[values.size()];
      for (int i = 0; i < result.length; i++) {
        Double x = toDouble(values.get(i));
        if (x == null || x != Math.rint(x)) {
          problems.add(key + " must be a whole number or a list of them but was " + describe(v));
          return;
        }
        result[i] = x.intValue();
      }
      target.accept(result);
    }

    void doubles(String key, Object v, Consumer<double[]> target) {
      List<?> values = v instanceof List<?> list ? list : List.of(v);
      double[] result = new double[values.size()];
      for (int i = 0; i < result.length; i++) {
        Double x = toDouble(values.get(i));
        if (x == null) {
          problems.add(key + " must be a number or a list of numbers but was " + describe(v));
          return;
        }
        result[i] = x;
      }
      target.accept(result);
    }

    void strings(String key, Object v, Consumer<List<String>> target) {
      List<?> values = v instanceof List<?> list ? list : List.of(v);
      List<String> result = new ArrayList<>();
      for (Object value : values) {
        if (!(value instanceof String x)) {
          problems.add(key + " must be a string or a list of strings but was " + describe(v));
          return;
        }
        result.add(x);
      }
      target.accept(result);
    }

    void map(String key, Object v, Consumer<Map<String, Object>> target) {
      Object value = v;
      if (v instanceof String text) {
        try {
          value = parseJson(text);
        } catch (IllegalArgumentException e) {
          problems.add(key + " must be a JSON object but was " + describe(v));
          return;
        }
      }
      if (!(value instanceof Map<?, ?> raw)) {
        problems.add(key + " must be an object but was " + describe(v));
        return;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      raw.forEach((k, x) -> result.put(String.valueOf(k), x));
      target.accept(result);
    }

    void jsonOrString(String key, Object v, Consumer<String> target) {
      if (v instanceof String x) {
        target.accept(x);
      } else if (v instanceof Map<?, ?>) {
        try {
          target.accept(new ObjectMapper().writeValueAsString(v));
        } catch (JsonProcessingException e) {
          problems.add(key + " could not be serialised: " + e.getOriginalMessage());
        }
      } else {
        problems.add(key + " must be a JSON object or a string but was " + describe(v));
      }
    }

    void headers(String key, Object v, PerfRun.Builder b) {
      if (v instanceof Map<?, ?> map) {
        map.forEach((k, x) -> b.header(String.valueOf(k), String.valueOf(x)));
        return;
      }
      List<?> items = v instanceof List<?> list ? list : List.of(v);
      for (Object item : items) {
        String text = String.valueOf(item);
        int eq = text.indexOf('=');
        if (eq <= 0) {
          problems.add(key + " entries must look like name=value but one was '" + text + "'");
          continue;
        }
        b.header(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
      }
    }

    void maxTokens(String key, Object v, PerfRun.Builder b) {
      if (v instanceof List<?> list) {
        if (list.size() == 1) {
          integer(key, list.get(0), b::maxTokens);
          return;
        }
        Double min = list.size() == 2 ? toDouble(list.get(0)) : null;
        Double max = list.size() == 2 ? toDouble(list.get(1)) : null;
        if (min == null || max == null) {
          problems.add(key + " must be a whole number or [min, max] but was " + describe(v));
          return;
        }
        b.maxTokens(min.intValue(), max.intValue());
        return;
      }
      integer(key, v, b::maxTokens);
    }

    private static @Nullable Double toDouble(Object v) {
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      if (v instanceof String s) {
        try {
          return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }

    private static String describe(Object v) {
      return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
  }
}
