package dev.tokenstorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PerfRunBuilderValidationTest {

  private static PerfRun.Builder valid() {
    return PerfRun.builder().model("m").url("http://127.0.0.1:9/v1/chat/completions").prompt("hi");
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        rule("missing model", b -> PerfRun.builder().prompt("hi"),
            "model is required: set model(\"<served model name>\")"),
        rule("non-http url", b -> b.url("ftp://example/x"),
            "url must be an absolute http or https URL with a host but was 'ftp://example/x'"),
        rule("url without scheme", b -> b.url("127.0.0.1:8000/v1/chat/completions"),
            "url must be an absolute http or https URL but was '127.0.0.1:8000/v1/chat/completions':"
                + " Illegal character in scheme name; write it with its scheme, for example"
                + " 'http://127.0.0.1:8000/v1/chat/completions'"),
        rule("host without scheme", b -> b.url("localhost:8000/v1/chat/completions"),
            "url must be an absolute http or https URL with a host but was"
                + " 'localhost:8000/v1/chat/completions'; write it with its scheme, for example"
                + " 'http://localhost:8000/v1/chat/completions'"),
        rule("url syntax", b -> b.url("http://bad host/"),
            "url must be an absolute http or https URL but was 'http://bad host/'"),
        rule("unknown api", b -> b.api("nope"), "api 'nope' is not a known API plugin; known: "),
        rule("zero parallel", b -> b.parallel(0).number(1), "parallel must be at least 1 but was 0"),
        rule("zero number", b -> b.number(0), "number must be at least 1 but was 0"),
        rule("sweep lengths", b -> b.parallel(1, 2).number(5),
            "a closed-loop sweep pairs parallel with number, so both need the same count of values,"
                + " but parallel has 2 [1, 2] and number has 1 [5]"),
        rule("rate zero", b -> b.rate(0), "rate must be greater than 0, or -1 for unpaced, but was 0.0"),
        rule("closed loop rate list", b -> b.rate(1, 2),
            "in a closed loop rate is one pacing for every run but it has 2 values [1.0, 2.0];"
                + " sweep rates with openLoop(true)"),
        rule("open loop unpaced", b -> b.openLoop(true).number(5),
            "an open loop needs every rate greater than 0 but rate was [-1.0]"),
        rule("open loop lengths", b -> b.openLoop(true).rate(1, 2).number(5),
            "an open-loop sweep pairs rate with number, so both need the same count of values, but"
                + " rate has 2 [1.0, 2.0] and number has 1 [5]"),
        rule("log every", b -> b.logEveryNQueries(0), "logEveryNQueries must be at least 1 but was 0"),
        rule("negative sleep", b -> b.sleepInterval(Duration.ofSeconds(-1)),
            "sleepInterval must not be negative but was PT-1S"),
        rule("zero total timeout", b -> b.totalTimeout(Duration.ZERO),
            "totalTimeout must be positive but was PT0S"),
        rule("zero read timeout", b -> b.readTimeout(Duration.ZERO),
            "readTimeout must be positive but was PT0S"),
        rule("zero connect timeout", b -> b.connectTimeout(Duration.ZERO),
            "connectTimeout must be positive but was PT0S"),
        rule("zero duration", b -> b.duration(Duration.ZERO), "duration must be positive but was PT0S"),
        rule("warmup ratio", b -> b.warmupRatio(1.5),
            "warmup ratio must be between 0 and 1 (exclusive) but was 1.5"),
        rule("negative warmup", b -> b.warmup(-1), "warmup must be at least 0 but was -1"),
        rule("prompt lengths", b -> b.minPromptLength(10).maxPromptLength(5),
            "maxPromptLength must be at least minPromptLength (10) but was 5"),
        rule("negative prefix", b -> b.prefixLength(-1), "prefixLength must be at least 0 but was -1"),
        rule("image width", b -> b.imageWidth(0), "imageWidth must be at least 1 but was 0"),
        rule("image format", b -> b.imageFormat("XYZ"),
            "imageFormat must be one of [1, CMYK, L, P, RGB, RGBA] but was 'XYZ'"),
        rule("max tokens range", b -> b.maxTokens(10, 5),
            "maxTokens must be at least 0, and a range needs min <= max, but was 10..5"),
        rule("min tokens", b -> b.minTokens(-1), "minTokens must be at least 0 but was -1"),
        rule("n choices", b -> b.nChoices(0), "nChoices must be at least 1 but was 0"),
        rule("temperature", b -> b.temperature(-0.5), "temperature must be at least 0 but was -0.5"),
        rule("top p", b -> b.topP(1.5), "topP must be greater than 0 and at most 1 but was 1.5"),
        rule("top k", b -> b.topK(-2), "topK must be -1 (disabled) or at least 0 but was -2"),
        rule("frequency penalty", b -> b.frequencyPenalty(3),
            "frequencyPenalty must be between -2 and 2 but was 3.0"),
        rule("repetition penalty", b -> b.repetitionPenalty(0),
            "repetitionPenalty must be greater than 0 but was 0.0"),
        rule("commit interval", b -> b.dbCommitInterval(0),
            "dbCommitInterval must be at least 1 but was 0"),
        rule("queue multiplier", b -> b.queueSizeMultiplier(0),
            "queueSizeMultiplier must be at least 1 but was 0"),
        rule("in-flight multiplier", b -> b.inFlightTaskMultiplier(0),
            "inFlightTaskMultiplier must be at least 1 but was 0"),
        rule("port", b -> b.port(70000), "port must be between 1 and 65535 but was 70000"),
        rule("header name", b -> b.header("Bad Header", "x"),
            "header name 'Bad Header' is not a valid HTTP header name"),
        rule("header value", b -> b.header("X-A", "a\r\nb"), "header 'X-A' must not contain line breaks"),
        rule("template json", b -> b.queryTemplate("{oops"),
            "queryTemplate is not valid JSON (Unexpected character ('o' (code 111)): was expecting"
                + " double-quote to start field name): {oops"),
        rule("template not object", b -> b.queryTemplate("[1]"),
            "queryTemplate must be a JSON object but was: [1]"),
        rule("unknown dataset", b -> PerfRun.builder().model("m").dataset("nope"),
            "dataset 'nope' is not a known dataset; known: "),
        rule("data source", b -> b.dataSource("ftp"),
            "dataSource must be one of [local, modelscope] but was 'ftp'"),
        rule("dataset offset", b -> b.datasetOffset(-1), "datasetOffset must be at least 0 but was -1"),
        rule("tokenize prompt without tokenizer", b -> b.tokenizePrompt(true),
            "tokenizePrompt needs tokenizerPath: token ids are computed on the client"),
        rule("visualizer", b -> b.visualizer("grafana"), "visualizer: "));
  }

  private static Arguments rule(String name, UnaryOperator<PerfRun.Builder> change,
      String message) {
    return Arguments.of(name, change, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void buildRejectsInvalidSettingNamingIt(String name, UnaryOperator<PerfRun.Builder> change,
      String message) {
    PerfRun.Builder builder = change.apply(valid());

    assertThatThrownBy(builder::build)
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .anySatisfy(p -> assertThat(p).startsWith(message)));
  }

  @Test
  void visualizerWithoutServerAddressFailsAtBuild() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("WANDB_BASE_URL") == null,
        "WANDB_BASE_URL is set in this environment");

    assertThatThrownBy(() -> valid().visualizer("wandb").wandbApiKey("k").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("visualizer: ")
        .hasMessageContaining("WANDB_BASE_URL");
  }

  @Test
  void buildReportsEveryProblemAtOnce() {
    PerfRun.Builder builder = PerfRun.builder().prompt("x").parallel(0).number(0).topP(2);

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.problems()).hasSize(4);
          assertThat(e.getMessage()).startsWith("Invalid configuration (4 problems):\n  - model is");
        });
  }

  @Test
  void promptFileThatDoesNotExistIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing.txt");

    assertThatThrownBy(() -> valid().prompt("@" + missing).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("prompt file " + missing.toAbsolutePath() + " could not be read");
  }

  @Test
  void datasetPathThatDoesNotExistIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("none.txt");

    assertThatThrownBy(() -> valid().datasetPath(missing).build())
        .hasMessageContaining("datasetPath " + missing.toAbsolutePath() + " does not exist");
  }

  @Test
  void urlWithoutEndpointPathGetsChatCompletions() {
    PerfRun run = valid().url("http://127.0.0.1:8000/v1/").build();

    assertThat(run.url()).isEqualTo("http://127.0.0.1:8000/v1/chat/completions");
  }

  @Test
  void apiKeyNeverAppearsInDescriptions() {
    PerfRun run = valid().apiKey("sk-secret-123").header("Authorization", "Bearer sk-other").build();

    assertThat(run.toString()).doesNotContain("sk-secret-123").doesNotContain("sk-other");
    assertThat(run.describe().get("api_key")).isEqualTo("**********");
  }

  @Test
  void twoBuildsGiveIndependentRuns() {
    PerfRun.Builder builder = valid().parallel(2).number(4);
    PerfRun first = builder.build();
    builder.parallel(3).number(9);
    PerfRun second = builder.build();

    assertThat(first.describe().get("parallel")).isEqualTo(List.of(2));
    assertThat(second.describe().get("parallel")).isEqualTo(List.of(3));
  }

  @Test
  void documentWithEvalscopeKeysBuildsTheSameRun() {
    PerfRun run = PerfRun.fromMap(Map.of(
            "model", "m", "url", "http://127.0.0.1:9/v1/chat/completions", "prompt", "hi",
            "parallel", List.of(1, 2), "number", List.of("3", 4), "max_tokens", List.of(8, 16),
            "headers", List.of("X-A=1"), "api_key", "sk-doc", "no_test_connection", true))
        .build();

    Map<String, Object> described = run.describe();
    assertThat(described.get("parallel")).isEqualTo(List.of(1, 2));
    assertThat(described.get("number")).isEqualTo(List.of(3, 4));
    assertThat(described.get("max_tokens")).isEqualTo(List.of(8, 16));
    assertThat(described.get("headers")).isEqualTo(Map.of("X-A", "1"));
    assertThat(described.get("no_test_connection")).isEqualTo(true);
    assertThat(described.toString()).doesNotContain("sk-doc");
  }

  @Test
  void documentRejectsUnknownKeysAndWrongTypes() {
    PerfRun.Builder builder = PerfRun.fromMap(Map.of("model", "m", "prompt", "hi",
        "paralel", 3, "number", "many", "stream", "yes"));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "unknown parameter 'paralel'; parameters use evalscope's snake_case names, such as"
                    + " max_tokens or extra_args",
                "number must be a whole number or a list of them but was 'many'",
                "stream must be true or false but was 'yes'"));
  }

  @Test
  void jsonDocumentIsParsed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"model\": \"m\", \"prompt\": \"hi\", \"rate\": 5, \"number\": 10}");

    PerfRun run = PerfRun.fromJson(file).build();

    assertThat(run.describe().get("rate")).isEqualTo(List.of(5.0));
  }
}
