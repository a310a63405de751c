package dev.tokenstorm.core.internal.visualizer;

import dev.tokenstorm.api.result.ResultSink;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Creates the built-in visualizers by name: {@code wandb}, {@code swanlab} and {@code clearml}.
 *
 * <p>No visualizer has a built-in server address: the address comes from the service's usual
 * environment variable ({@code WANDB_BASE_URL}, {@code SWANLAB_HOST} or {@code SWANLAB_API_HOST},
 * {@code CLEARML_API_HOST}), and creation fails with a message naming that variable when it is not
 * set. SwanLab's local mode (API key {@code local}, or {@code SWANLAB_MODE=local}) needs no server
 * and writes files under the output root instead.
 *
 * <p>Call {@link #validate} before any traffic to collect every problem at once; {@link #create}
 * runs the same checks and throws. Thread-safe, because the class has no state.
 *
 * {@snippet :
 * VisualizerSettings settings = new VisualizerSettings("qwen_20260101_120000", "qwen", null,
 *     System.getenv(), Path.of("outputs"), VisualizerSettings.DEFAULT_LOG_INTERVAL, config);
 * List<String> problems = Visualizers.validate("wandb", settings);
 * ResultSink sink = Visualizers.create("wandb", settings);
 * }
 */
public final class Visualizers {

  /** The names {@link #create} accepts, compared ignoring case. */
  public static final List<String> NAMES = List.of("wandb", "swanlab", "clearml");

  private static final String LOCAL_KEY = "local";

  private Visualizers() {}

  /**
   * Checks that {@code name} is a built-in visualizer.
   *
   * @throws IllegalArgumentException naming the known visualizers when it is not
   */
  public static void checkName(String name) {
    if (name == null || !NAMES.contains(name.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown visualizer '" + name + "'; known visualizers: "
          + String.join(", ", NAMES));
    }
  }

  /**
   * Returns every problem that would stop {@link #create} for these arguments: an unknown name, a
   * missing server address or credential (naming the environment variable or builder method that
   * supplies it), an address that is not an absolute http(s) URL, or a negative log interval.
   * Returns an empty list when the visualizer can be created. Sends nothing over the network.
   */
  public static List<String> validate(String name, VisualizerSettings settings) {
    List<String> problems = new ArrayList<>();
    try {
      checkName(name);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    if (settings.logInterval().isNegative()) {
      problems.add("visualizer log interval must not be negative but was "
          + settings.logInterval());
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "wandb" -> wandb(settings, problems);
      case "swanlab" -> swanlab(settings, problems);
      default -> clearml(settings, problems);
    }
    return problems;
  }

  /**
   * Creates the visualizer {@code name} (ignoring case). The sink talks to the service only once
   * the run starts.
   *
   * @throws IllegalArgumentException listing every problem {@link #validate} finds
   */
  public static ResultSink create(String name, VisualizerSettings settings) {
    List<String> problems = validate(name, settings);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Supplier<ResultSink> factory = switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "wandb" -> wandb(settings, problems);
      case "swanlab" -> swanlab(settings, problems);
      default -> clearml(settings, problems);
    };
    if (factory == null) {
      throw new IllegalStateException("visualizer '" + name + "' passed validation but could not "
          + "be created");
    }
    return factory.get();
  }

  private static @Nullable Supplier<ResultSink> wandb(VisualizerSettings s, List<String> problems) {
    URI base = serverUrl(s, WandbSink.BASE_URL_ENV, "wandb", "the W&B server's address",
        problems);
    String given = s.apiKey();
    String key = given != null && !given.isBlank() ? given.trim() : s.env(WandbSink.API_KEY_ENV);
    if (key == null) {
      problems.add("wandb: no API key: call wandbApiKey(...) on the builder or set the "
          + "environment variable " + WandbSink.API_KEY_ENV);
    }
    return base == null || key == null ? null
        : () -> new WandbSink(s, new UploadClient(), base, key);
  }

  private static @Nullable Supplier<ResultSink> swanlab(VisualizerSettings s,
      List<String> problems) {
    String given = s.apiKey();
    String key = given != null && !given.isBlank() ? given.trim() : s.env(SwanLabSink.API_KEY_ENV);
    boolean local = LOCAL_KEY.equals(key) || LOCAL_KEY.equalsIgnoreCase(s.env("SWANLAB_MODE"));
    if (local) {
      Path root = s.outputRoot();
      if (root == null) {
        problems.add("swanlab: local mode writes under the output folder, but this benchmark "
            + "writes no files: set outputsDir(...) or use a SwanLab server");
        return null;
      }
      return () -> new SwanLabLocalSink(s, root);
    }
    URI api = swanlabApiHost(s, problems);
    if (key == null) {
      problems.add("swanlab: no API key: call swanlabApiKey(...) on the builder or set the "
          + "environment variable " + SwanLabSink.API_KEY_ENV + " (the key 'local' selects "
          + "local mode, which writes files instead)");
    }
    return api == null || key == null ? null
        : () -> new SwanLabSink(s, new UploadClient(), api, key);
  }

  /** SwanLab's API lives at {@code <SWANLAB_HOST>/api} unless SWANLAB_API_HOST names it. */
  private static @Nullable URI swanlabApiHost(VisualizerSettings s, List<String> problems) {
    if (s.env(SwanLabSink.API_HOST_ENV) != null) {
      return serverUrl(s, SwanLabSink.API_HOST_ENV, "swanlab", "the SwanLab API address",
          problems);
    }
    if (s.env(SwanLabSink.HOST_ENV) == null) {
      problems.add("swanlab: no server address: set the environment variable "
          + SwanLabSink.HOST_ENV + " to the SwanLab server's address (its API is at <host>/api), "
          + "or " + SwanLabSink.API_HOST_ENV + " to the API address itself");
      return null;
    }
    URI host = serverUrl(s, SwanLabSink.HOST_ENV, "swanlab", "the SwanLab server's address",
        problems);
    return host == null ? null : UploadClient.join(host, "/api");
  }

  private static @Nullable Supplier<ResultSink> clearml(VisualizerSettings s,
      List<String> problems) {
    URI host = serverUrl(s, ClearMlSink.API_HOST_ENV, "clearml", "the ClearML API server's "
        + "address", problems);
    String access = s.env(ClearMlSink.ACCESS_KEY_ENV);
    String secret = s.env(ClearMlSink.SECRET_KEY_ENV);
    String given = s.apiKey();
    if (given != null && !given.isBlank()) {
      int colon = given.indexOf(':');
      if (colon <= 0 || colon == given.length() - 1) {
        problems.add("clearml: the API key must have the form '<access key>:<secret key>'");
        return null;
      }
      access = given.substring(0, colon).trim();
      secret = given.substring(colon + 1).trim();
    }
    if (access == null || secret == null) {
      problems.add("clearml: no credentials: set the environment variables "
          + ClearMlSink.ACCESS_KEY_ENV + " and " + ClearMlSink.SECRET_KEY_ENV);
      return null;
    }
    String accessKey = access;
    String secretKey = secret;
    return host == null ? null
        : () -> new ClearMlSink(s, new UploadClient(), host, accessKey, secretKey);
  }

  /** Reads and checks a server address from {@code variable}; adds a problem when unusable. */
  private static @Nullable URI serverUrl(VisualizerSettings s, String variable, String service,
      String what, List<String> problems) {
    String value = s.env(variable);
    if (value == null) {
      problems.add(service + ": no server address: set the environment variable " + variable
          + " to " + what);
      return null;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the rejected value
    }
    problems.add(service + ": " + variable + " must be an absolute http(s) URL but was '" + value
        + "'");
    return null;
  }
}
