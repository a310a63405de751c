package dev.tokenstorm.core.internal.visualizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.result.ResultSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class VisualizersTest {

  private static VisualizerSettings settings(@Nullable String apiKey, Map<String, String> env) {
    return new VisualizerSettings("run", "m", apiKey, env, null, Duration.ofSeconds(5), Map.of());
  }

  @Test
  void unknownNameListsKnownVisualizers() {
    assertThatThrownBy(() -> Visualizers.checkName("mlflow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown visualizer 'mlflow'; known visualizers: wandb, swanlab, clearml");
    assertThatThrownBy(() -> Visualizers.create("mlflow", settings("k", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wandb, swanlab, clearml");
  }

  @Test
  void namesIgnoreCase() {
    Visualizers.checkName("WandB");
    assertThat(Visualizers.validate(" SwanLab ", settings("local", Map.of()))).containsExactly(
        "swanlab: local mode writes under the output folder, but this benchmark writes no files: "
            + "set outputsDir(...) or use a SwanLab server");
  }

  @Test
  void wandbMissingAddressAndKey() {
    assertThat(Visualizers.validate("wandb", settings(null, Map.of()))).containsExactly(
        "wandb: no server address: set the environment variable WANDB_BASE_URL to the W&B "
            + "server's address",
        "wandb: no API key: call wandbApiKey(...) on the builder or set the environment "
            + "variable WANDB_API_KEY");
  }

  @Test
  void wandbKeyFromEnvironment() throws Exception {
    Map<String, String> env = Map.of("WANDB_BASE_URL", "http://127.0.0.1:9",
        "WANDB_API_KEY", "k");
    assertThat(Visualizers.validate("wandb", settings(null, env))).isEmpty();
    try (ResultSink sink = Visualizers.create("wandb", settings(null, env))) {
      assertThat(sink.name()).isEqualTo("wandb");
    }
  }

  @Test
  void nonHttpAddressRejected() {
    assertThat(Visualizers.validate("wandb", settings("k", Map.of("WANDB_BASE_URL", "ftp://x"))))
        .containsExactly("wandb: WANDB_BASE_URL must be an absolute http(s) URL but was 'ftp://x'");
    assertThat(Visualizers.validate("clearml", settings("a:b",
        Map.of("CLEARML_API_HOST", "not a url"))))
        .containsExactly("clearml: CLEARML_API_HOST must be an absolute http(s) URL but was "
            + "'not a url'");
  }

  @Test
  void swanlabCloudNeedsHostAndKey() {
    assertThat(Visualizers.validate("swanlab", settings(null, Map.of()))).containsExactly(
        "swanlab: no server address: set the environment variable SWANLAB_HOST to the SwanLab "
            + "server's address (its API is at <host>/api), or SWANLAB_API_HOST to the API "
            + "address itself",
        "swanlab: no API key: call swanlabApiKey(...) on the builder or set the environment "
            + "variable SWANLAB_API_KEY (the key 'local' selects local mode, which writes files "
            + "instead)");
  }

  @Test
  void swanlabLocalModeNeedsNoServer() {
    VisualizerSettings local = new VisualizerSettings("run", "m", null,
        Map.of("SWANLAB_API_KEY", "local"), Path.of("out"), Duration.ZERO, Map.of());
    assertThat(Visualizers.validate("swanlab", local)).isEmpty();
  }

  @Test
  void clearmlNeedsHostAndBothKeys() {
    assertThat(Visualizers.validate("clearml", settings(null,
        Map.of("CLEARML_API_ACCESS_KEY", "a")))).containsExactly(
        "clearml: no server address: set the environment variable CLEARML_API_HOST to the "
            + "ClearML API server's address",
        "clearml: no credentials: set the environment variables CLEARML_API_ACCESS_KEY and "
            + "CLEARML_API_SECRET_KEY");
    assertThat(Visualizers.validate("clearml", settings("only-one-part",
        Map.of("CLEARML_API_HOST", "http://127.0.0.1:9")))).containsExactly(
        "clearml: the API key must have the form '<access key>:<secret key>'");
  }

  @Test
  void negativeLogIntervalRejected() {
    VisualizerSettings settings = new VisualizerSettings("run", "m", "k",
        Map.of("WANDB_BASE_URL", "http://127.0.0.1:9"), null, Duration.ofSeconds(-1), Map.of());
    assertThat(Visualizers.validate("wandb", settings)).containsExactly(
        "visualizer log interval must not be negative but was PT-1S");
  }

  @Test
  void createThrowsWithEveryProblem() {
    assertThatThrownBy(() -> Visualizers.create("clearml", settings(null, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLEARML_API_HOST")
        .hasMessageContaining("CLEARML_API_SECRET_KEY");
  }

  @Test
  void settingsStringHidesSecrets() {
    VisualizerSettings settings = settings("very-secret",
        Map.of("WANDB_API_KEY", "also-secret"));
    assertThat(settings.toString()).doesNotContain("very-secret").doesNotContain("also-secret")
        .contains("WANDB_API_KEY");
  }
}
