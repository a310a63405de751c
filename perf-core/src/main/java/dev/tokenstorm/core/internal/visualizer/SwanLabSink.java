package dev.tokenstorm.core.internal.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends runs to a SwanLab server (cloud or self-hosted) through the HTTP API its Python SDK uses.
 *
 * <ol>
 *   <li>Log in: {@code POST <api>/login/api_key} with header {@code authorization: <api key>}; the
 *       reply's {@code sid} is sent as cookie {@code sid} on every later request, and
 *       {@code userInfo.username} is the default workspace.
 *   <li>Project: {@code POST <api>/project} with {@code {"name", "username"?}} (201 created, 409
 *       exists; both name the owning {@code username}), then
 *       {@code GET <api>/project/<username>/<project>} for its {@code cuid}.
 *   <li>Experiment: {@code POST <api>/project/<username>/<project>/experiment} with
 *       {@code {"name", "colors", "description"}}; the reply holds {@code cuid} and
 *       {@code flagId} (sent as header {@code flagId} from then on).
 *   <li>Config: {@code PUT <api>/project/<username>/<project>/runs/<cuid>/profile} with
 *       {@code {"config": {key: {"value", "sort", "desc"}}}}.
 *   <li>Metrics: each new key is declared once with {@code POST <api>/experiment/<cuid>/columns}
 *       ({@code [{"class": "CUSTOM", "type": "FLOAT", "key"}]}); points go to
 *       {@code POST <api>/house/metrics} as {@code {"projectId", "experimentId", "type": "scalar",
 *       "metrics": [{"key", "index", "epoch", "data", "create_time"}], "flagId"}}.
 *   <li>Finish: {@code PUT <api>/project/<username>/<project>/runs/<cuid>/state} with
 *       {@code {"state": "FINISHED" | "ABORTED", "finishedAt", "from": "sdk"}}.
 * </ol>
 *
 * The percentile table is logged as scalars named {@code Percentiles/<metric>/<percentile>} at the
 * final step. Sources: SwanHubX/SwanLab {@code swanlab/core_python/auth/providers/api_key.py},
 * {@code swanlab/core_python/client/__init__.py}, {@code swanlab/core_python/uploader/upload.py},
 * {@code swanlab/core_python/uploader/batch.py}, {@code swanlab/core_python/uploader/model.py} and
 * {@code swanlab/core_python/api/experiment.py}.
 */
final class SwanLabSink extends VisualizerSink {

  private static final Logger log = LoggerFactory.getLogger(SwanLabSink.class);

  static final String HOST_ENV = "SWANLAB_HOST";
  static final String API_HOST_ENV = "SWANLAB_API_HOST";
  static final String API_KEY_ENV = "SWANLAB_API_KEY";
  static final String PROJECT_ENV = "SWANLAB_PROJ_NAME";
  static final String WORKSPACE_ENV = "SWANLAB_WORKSPACE";
  static final String DEFAULT_PROJECT = "perf_benchmark";

  /** The two colors SwanLab draws an experiment with; the SDK always sends a pair. */
  private static final List<String> COLORS = List.of("#528d59", "#587ad2");

  private final UploadClient client;
  private final URI apiHost;
  private final String apiKey;
  private final String project;
  private final @Nullable String workspace;

  private @Nullable String sid;
  private @Nullable String username;
  private @Nullable String projectCuid;
  private @Nullable String experimentCuid;
  /** Where metrics go: the root experiment and project of a moved experiment, else its own. */
  private @Nullable String metricsExperimentId;
  private @Nullable String metricsProjectId;
  private @Nullable String flagId;
  private final Set<String> declaredKeys = new HashSet<>();

  SwanLabSink(VisualizerSettings settings, UploadClient client, URI apiHost, String apiKey) {
    super("swanlab", settings);
    this.client = client;
    this.apiHost = apiHost;
    this.apiKey = apiKey;
    String configured = settings.env(PROJECT_ENV);
    this.project = configured == null ? DEFAULT_PROJECT : configured;
    this.workspace = settings.env(WORKSPACE_ENV);
  }

  @Override
  void openRun(RunInfo run, String displayName, Map<String, @Nullable Object> config)
      throws UploadException, InterruptedException {
    experimentCuid = null;
    metricsExperimentId = null;
    metricsProjectId = null;
    flagId = null;
    declaredKeys.clear();
    if (sid == null) {
      login();
    }
    if (projectCuid == null) {
      mountProject();
    }

    Map<String, Object> experiment = new LinkedHashMap<>();
    experiment.put("name", displayName);
    experiment.put("colors", COLORS);
    experiment.put("description", "Tokenstorm benchmark of " + run.model() + " at " + run.url());
    JsonNode reply = send("POST", projectPath() + "/experiment", experiment).body();
    String cuid = required(reply, "cuid", "experiment");
    experimentCuid = cuid;
    flagId = reply.path("flagId").isTextual() ? reply.path("flagId").asText() : null;
    metricsExperimentId = reply.path("rootExpId").isTextual() ? reply.path("rootExpId").asText()
        : cuid;
    metricsProjectId = reply.path("rootProId").isTextual() ? reply.path("rootProId").asText()
        : projectCuid;

    Map<String, Object> swanlabConfig = new LinkedHashMap<>();
    int sort = 0;
    for (Map.Entry<String, @Nullable Object> e : config.entrySet()) {
      Map<String, @Nullable Object> item = new LinkedHashMap<>();
      item.put("value", e.getValue());
      item.put("sort", sort++);
      item.put("desc", "");
      swanlabConfig.put(e.getKey(), item);
    }
    send("PUT", projectPath() + "/runs/" + segment(cuid) + "/profile",
        Map.of("config", swanlabConfig));
    log.info("swanlab: created experiment {} ({}) in {}/{}", cuid, displayName, username,
        project);
  }

  @Override
  void logPoint(int step, long wallMillis, Map<String, Double> metrics)
      throws UploadException, InterruptedException {
    uploadScalars(step, wallMillis, metrics);
  }

  @Override
  void logFinal(RunReport report, int step, long wallMillis, Map<String, Double> summary)
      throws UploadException, InterruptedException {
    Map<String, Double> values = new LinkedHashMap<>(summary);
    ReportValues.percentiles(report).forEach((metric, column) -> column.forEach(
        (percentile, value) -> values.put("Percentiles/" + metric + "/" + percentile, value)));
    uploadScalars(step, wallMillis, values);
  }

  @Override
  void finishRun(RunReport report) throws UploadException, InterruptedException {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("state", report.cancelled() ? "ABORTED" : "FINISHED");
    state.put("finishedAt", Instant.now().toString());
    state.put("from", "sdk");
    send("PUT", projectPath() + "/runs/" + segment(requireExperiment()) + "/state", state);
  }

  @Override
  public void close() {
    client.close();
  }

  private void login() throws UploadException, InterruptedException {
    URI uri = UploadClient.join(apiHost, "/login/api_key");
    JsonNode reply = client.send("POST", uri, Map.of("authorization", apiKey), null, null, Set.of())
        .body();
    sid = required(reply, "sid", "login");
    username = reply.path("userInfo").path("username").asText(null);
  }

  // NOTE: the SDK falls back to POST /project/<username> when an old self-hosted server answers
  // 404 to POST /project. This sink does not, so such servers fail at run creation.
  private void mountProject() throws UploadException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", project);
    if (workspace != null) {
      body.put("username", workspace);
    }
    UploadClient.Reply created = client.send("POST", UploadClient.join(apiHost, "/project"),
        sessionHeaders(), "application/json", client.toJson(body), Set.of(409));
    String owner = created.body().path("username").asText("");
    if (!owner.isEmpty()) {
      username = owner;
    } else if (workspace != null) {
      username = workspace;
    }
    if (username == null) {
      throw new UploadException("SwanLab did not name the owner of project '" + project + "'");
    }
    JsonNode info = send("GET", projectPath(), null).body();
    projectCuid = required(info, "cuid", "project");
  }

  private void uploadScalars(int step, long wallMillis, Map<String, Double> values)
      throws UploadException, InterruptedException {
    String experiment = requireExperiment();
    List<Map<String, Object>> newColumns = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!declaredKeys.contains(key)) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("class", "CUSTOM");
        column.put("type", "FLOAT");
        column.put("key", key);
        newColumns.add(column);
      }
    }
    if (!newColumns.isEmpty()) {
      send("POST", "/experiment/" + segment(experiment) + "/columns", newColumns);
      newColumns.forEach(column -> declaredKeys.add((String) column.get("key")));
    }

    String createTime = Instant.ofEpochMilli(wallMillis).toString();
    List<Map<String, Object>> metrics = new ArrayList<>();
    values.forEach((key, value) -> {
      Map<String, Object> metric = new LinkedHashMap<>();
      metric.put("key", key);
      metric.put("index", step);
      metric.put("epoch", step + 1);
      metric.put("data", value);
      metric.put("create_time", createTime);
      metrics.add(metric);
    });
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("projectId", metricsProjectId);
    body.put("experimentId", metricsExperimentId);
    body.put("type", "scalar");
    body.put("metrics", metrics);
    body.put("flagId", flagId);
    send("POST", "/house/metrics", body);
  }

  private UploadClient.Reply send(String method, String path, @Nullable Object body)
      throws UploadException, InterruptedException {
    return client.send(method, UploadClient.join(apiHost, path), sessionHeaders(),
        body == null ? null : "application/json", body == null ? null : client.toJson(body),
        Set.of());
  }

  private Map<String, String> sessionHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (sid != null) {
      headers.put("Cookie", "sid=" + sid);
    }
    if (flagId != null) {
      headers.put("flagId", flagId);
    }
    return headers;
  }

  private String projectPath() {
    return "/project/" + segment(String.valueOf(username)) + "/" + segment(project);
  }

  private String requireExperiment() throws UploadException {
    String cuid = experimentCuid;
    if (cuid == null) {
      throw new UploadException("SwanLab experiment was not created");
    }
    return cuid;
  }

  private static String required(JsonNode reply, String field, String what)
      throws UploadException {
    JsonNode value = reply.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new UploadException("SwanLab " + what + " reply has no '" + field + "'");
    }
    return value.asText();
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
