package dev.tokenstorm.core.internal.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to start one local inference server.
 *
 * @param api {@code local} (a Transformers-based server) or {@code local_vllm}
 * @param command the program and its arguments, placeholders already replaced
 * @param port the port the server listens on, on 127.0.0.1
 * @param startupTimeout how long to wait for {@code GET /v1/models} to answer 200
 */
public record LocalServerSpec(String api, List<String> command, int port, Duration startupTimeout) {

  /** The {@code api} values that start a local server. */
  public static final List<String> APIS = List.of("local", "local_vllm");

  /** The readiness wait when none is set: large models can take minutes to load. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(10);

  public LocalServerSpec {
    Objects.requireNonNull(api, "api");
    command = List.copyOf(command);
    Objects.requireNonNull(startupTimeout, "startupTimeout");
  }

  /** Returns whether {@code api} names a local server, ignoring case. */
  public static boolean isLocal(@Nullable String api) {
    return api != null && APIS.contains(api.toLowerCase(Locale.ROOT));
  }

  /** Returns the base URL of the server's OpenAI API: {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/v1";
  }

  /**
   * Returns the default command for {@code api}: for {@code local_vllm}, vLLM's OpenAI server
   * ({@code python -m vllm.entrypoints.openai.api_server}) with the model, port and evalscope's
   * options; for {@code local}, the Transformers CLI server ({@code transformers serve}), with
   * {@code --attn_implementation} when set.
   */
  public static List<String> defaultCommand(String api, String model, int port,
      @Nullable String attnImplementation) {
    String portText = Integer.toString(port);
    if (api.equalsIgnoreCase("local_vllm")) {
      return List.of("python", "-m", "vllm.entrypoints.openai.api_server", "--model", model,
          "--served-model-name", model, "--max-model-len", "32768", "--gpu-memory-utilization",
          "0.9", "--host", "127.0.0.1", "--port", portText, "--trust-remote-code",
          "--disable-log-requests", "--disable-log-stats");
    }
    // NOTE: the flags of `transformers serve` are taken from the Transformers documentation and
    // were not run here (no Transformers install); set localServerCommand if they differ.
    List<String> command = new java.util.ArrayList<>(List.of("transformers", "serve", "--host",
        "127.0.0.1", "--port", portText, "--force-model", model));
    if (attnImplementation != null) {
      command.add("--attn_implementation");
      command.add(attnImplementation);
    }
    return List.copyOf(command);
  }

  /**
   * Returns {@code template} with {@code {model}}, {@code {port}} and {@code {attn}} replaced in
   * every argument ({@code {attn}} by an empty string when no attention implementation is set).
   */
  public static List<String> substitute(List<String> template, String model, int port,
      @Nullable String attnImplementation) {
    return template.stream()
        .map(arg -> arg.replace("{model}", model)
            .replace("{port}", Integer.toString(port))
            .replace("{attn}", attnImplementation == null ? "" : attnImplementation))
        .toList();
  }
}
