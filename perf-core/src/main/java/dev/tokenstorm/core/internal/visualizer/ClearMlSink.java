package dev.tokenstorm.core.internal.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends runs to a ClearML server through its REST API, where every call is
 * {@code POST <api host>/<service>.<action>} and every reply is {@code {"meta": {...}, "data":
 * {...}}}.
 *
 * <ol>
 *   <li>{@code auth.login} with HTTP Basic auth (access key, secret key) returns
 *       {@code data.token}, sent as {@code Authorization: Bearer <token>} from then on.
 *   <li>{@code projects.get_all} with {@code {"name": "^<project>$", "only_fields": ["id"]}} finds
 *       the project; {@code projects.create} makes it when missing.
 *   <li>{@code tasks.create} with {@code {"name", "type": "testing", "project", "hyperparams":
 *       {"Args": {key: {"section", "name", "value", "type"}}}}}, then {@code tasks.started}.
 *   <li>{@code events.add_batch} (JSON lines) with one {@code training_stats_scalar} event per
 *       value: metric {@code Performance Metrics}, variant = summary key, {@code iter} = step.
 *   <li>At the end, two {@code plot} events holding Plotly tables ("Benchmarking summary" and
 *       "Percentile results"), then {@code tasks.completed}.
 * </ol>
 *
 * Sources: allegroai/clearml-server {@code apiserver/schema/services/auth.conf},
 * {@code tasks.conf}, {@code _tasks_common.conf} and {@code events.conf}; allegroai/clearml
 * {@code clearml/backend_api/session/session.py} (Basic-auth login, JSON-lines batches).
 */
final class ClearMlSink extends VisualizerSink {

  private static final Logger log = LoggerFactory.getLogger(ClearMlSink.class);

  static final String API_HOST_ENV = "CLEARML_API_HOST";
  static final String ACCESS_KEY_ENV = "CLEARML_API_ACCESS_KEY";
  static final String SECRET_KEY_ENV = "CLEARML_API_SECRET_KEY";
  static final String PROJECT_ENV = "CLEARML_PROJECT_NAME";
  static final String DEFAULT_PROJECT = "perf_benchmark";
  static final String SCALAR_TITLE = "Performance Metrics";

  private final UploadClient client;
  private final URI apiHost;
  private final String basicAuth;
  private final String project;

  private @Nullable String token;
  private @Nullable String projectId;
  private @Nullable String taskId;

  ClearMlSink(VisualizerSettings settings, UploadClient client, URI apiHost, String accessKey,
      String secretKey) {
    super("clearml", settings);
    this.client = client;
    this.apiHost = apiHost;
    this.basicAuth = "Basic " + Base64.getEncoder()
        .encodeToString((accessKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    String configured = settings.env(PROJECT_ENV);
    this.project = configured == null ? DEFAULT_PROJECT : configured;
  }

  @Override
  void openRun(RunInfo run, String displayName, Map<String, @Nullable Object> config)
      throws UploadException, InterruptedException {
    taskId = null;
    if (token == null) {
      JsonNode data = call("auth.login", Map.of(), Map.of("Authorization", basicAuth));
      token = required(data, "token", "auth.login");
    }
    if (projectId == null) {
      projectId = findOrCreateProject();
    }

    Map<String, Object> args = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      Map<String, Object> param = new LinkedHashMap<>();
      param.put("section", "Args");
      param.put("name", key);
      if (value == null) {
        param.put("value", "");
        param.put("type", "str");
      } else {
        param.put("value", value instanceof String text ? text : client.toJson(value));
        param.put("type", typeName(value));
      }
      args.put(key, param);
    });
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("name", displayName);
    task.put("type", "testing");
    task.put("project", projectId);
    task.put("comment", "Tokenstorm benchmark of " + run.model() + " at " + run.url());
    task.put("hyperparams", Map.of("Args", args));
    String id = required(call("tasks.create", task, bearer()), "id", "tasks.create");
    taskId = id;
    call("tasks.started", Map.of("task", id), bearer());
    log.info("clearml: created task {} ({}) in project {}", id, displayName, project);
  }

  @Override
  void logPoint(int step, long wallMillis, Map<String, Double> metrics)
      throws UploadException, InterruptedException {
    String task = requireTask();
    List<Map<String, Object>> events = new ArrayList<>();
    metrics.forEach((key, value) -> {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("task", task);
      event.put("type", "training_stats_scalar");
      event.put("timestamp", wallMillis);
      event.put("iter", step);
      event.put("metric", SCALAR_TITLE);
      event.put("variant", key);
      event.put("value", value);
      events.add(event);
    });
    addBatch(events);
  }

  @Override
  void logFinal(RunReport report, int step, long wallMillis, Map<String, Double> summary)
      throws UploadException, InterruptedException {
    logPoint(step, wallMillis, summary);

    List<List<Object>> summaryColumns = List.of(new ArrayList<>(summary.keySet()),
        summary.values().stream().map(v -> (Object) ReportValues.display(v)).toList());
    Map<String, Map<String, Double>> table = ReportValues.percentiles(report);
    List<String> labels = ReportValues.percentileLabels(table);
    List<String> header = new ArrayList<>();
    header.add("Percentiles");
    header.addAll(table.keySet());
    List<List<Object>> percentileColumns = new ArrayList<>();
    percentileColumns.add(new ArrayList<>(labels));
    for (Map<String, Double> column : table.values()) {
      List<Object> cells = new ArrayList<>();
      for (String label : labels) {
        Double value = column.get(label);
        cells.add(value == null ? "" : ReportValues.display(value));
      }
      percentileColumns.add(cells);
    }
    addBatch(List.of(
        plotEvent(wallMillis, step, "Benchmarking summary", List.of("Metric", "Value"),
            summaryColumns),
        plotEvent(wallMillis, step, "Percentile results", header, percentileColumns)));
  }

  @Override
  void finishRun(RunReport report) throws UploadException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task", requireTask());
    if (report.cancelled()) {
      body.put("status_message", "cancelled before all requests completed");
    }
    call("tasks.completed", body, bearer());
  }

  @Override
  public void close() {
    client.close();
  }

  private String findOrCreateProject() throws UploadException, InterruptedException {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("name", "^" + regexEscape(project) + "$");
    query.put("only_fields", List.of("id"));
    JsonNode projects = call("projects.get_all", query, bearer()).path("projects");
    if (projects.isArray() && !projects.isEmpty() && projects.get(0).path("id").isTextual()) {
      return projects.get(0).path("id").asText();
    }
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("name", project);
    create.put("description", "Created by Tokenstorm");
    return required(call("projects.create", create, bearer()), "id", "projects.create");
  }

  private Map<String, Object> plotEvent(long wallMillis, int step, String title,
      List<String> header, List<List<Object>> columns) {
    Map<String, Object> cells = new LinkedHashMap<>();
    cells.put("values", columns);
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("type", "table");
    trace.put("header", Map.of("values", header));
    trace.put("cells", cells);
    Map<String, Object> plot = new LinkedHashMap<>();
    plot.put("data", List.of(trace));
    plot.put("layout", Map.of("title", title));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("task", taskId);
    event.put("type", "plot");
    event.put("timestamp", wallMillis);
    event.put("iter", step);
    event.put("metric", title);
    event.put("variant", title);
    event.put("plot_str", client.toJson(plot));
    return event;
  }

  private void addBatch(List<Map<String, Object>> events)
      throws UploadException, InterruptedException {
    if (events.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (Map<String, Object> event : events) {
      lines.append(client.toJson(event)).append('\n');
    }
    URI uri = UploadClient.join(apiHost, "/events.add_batch");
    JsonNode reply = client.send("POST", uri, bearer(), "application/json-lines",
        lines.toString(), Set.of()).body();
    checkMeta(reply, uri);
    int errors = reply.path("data").path("errors").asInt(0);
    if (errors > 0) {
      throw new UploadException("ClearML rejected " + errors + " of " + events.size()
          + " events sent to " + UploadClient.loggable(uri));
    }
  }

  /** Calls {@code service.action} and returns the reply's {@code data} object. */
  private JsonNode call(String endpoint, Object body, Map<String, String> headers)
      throws UploadException, InterruptedException {
    URI uri = UploadClient.join(apiHost, "/" + endpoint);
    JsonNode reply = client.postJson(uri, headers, body).body();
    checkMeta(reply, uri);
    return reply.path("data");
  }

  private static void checkMeta(JsonNode reply, URI uri) throws UploadException {
    JsonNode code = reply.path("meta").path("result_code");
    if (code.isInt() && code.asInt() != 200) {
      throw new UploadException("ClearML error " + code.asInt() + " from "
          + UploadClient.loggable(uri) + ": " + reply.path("meta").path("result_msg").asText(""));
    }
  }

  private Map<String, String> bearer() throws UploadException {
    String current = token;
    if (current == null) {
      throw new UploadException("ClearML login did not succeed");
    }
    return Map.of("Authorization", "Bearer " + current);
  }

  private String requireTask() throws UploadException {
    String current = taskId;
    if (current == null) {
      throw new UploadException("ClearML task was not created");
    }
    return current;
  }

  private static String required(JsonNode data, String field, String endpoint)
      throws UploadException {
    JsonNode value = data.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new UploadException("ClearML " + endpoint + " reply has no data." + field);
    }
    return value.asText();
  }

  /** Escapes regular-expression characters; the server matches names with Python regexes. */
  static String regexEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\.^$*+?()[]{}|/".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String typeName(Object value) {
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Integer || value instanceof Long) {
      return "int";
    }
    if (value instanceof Number) {
      return "float";
    }
    return value instanceof String ? "str" : "json";
  }
}
