package dev.tokenstorm.core.internal.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends runs to Weights &amp; Biases through its GraphQL and file-stream HTTP APIs, the two
 * endpoints the official SDK uses to create a run and stream its history.
 *
 * <ul>
 *   <li>Create: {@code POST <base>/graphql} with the {@code UpsertBucket} mutation (run id, display
 *       name, project, optional entity, config as a JSON string of {@code {key: {"desc": null,
 *       "value": v}}}). The reply names the entity and project the server chose.
 *   <li>Time series: {@code POST <base>/files/<entity>/<project>/<run id>/file_stream} with
 *       {@code {"files": {"wandb-history.jsonl": {"offset": n, "content": [row]}}}}, where each row
 *       carries {@code _step}, {@code _runtime} (s) and {@code _timestamp} (epoch s).
 *   <li>Final values: the last history row plus {@code wandb-summary.json} (offset 0), holding the
 *       final summary, the percentile table under {@code Percentiles} and the run's warnings.
 *   <li>Finish: the same endpoint with {@code {"complete": true, "exitcode": 0}} (1 when the run
 *       was cancelled).
 * </ul>
 *
 * Every request carries HTTP Basic auth with user {@code api} and the API key as password.
 * Sources: wandb/wandb {@code core/api/graphql/mutation_run.graphql} (the mutation),
 * {@code core/internal/filestream/filestreamrequest.go} (the file-stream JSON) and
 * {@code wandb/sdk/internal/file_stream.py} (Basic auth, file names).
 *
 * <p>NOTE: the SDK also posts a heartbeat every 30 s when it has nothing else to send. This sink
 * posts only with new records, so W&amp;B may mark a run as crashed while no request completes for
 * several minutes; the final upload still marks it finished.
 */
final class WandbSink extends VisualizerSink {

  private static final Logger log = LoggerFactory.getLogger(WandbSink.class);

  static final String BASE_URL_ENV = "WANDB_BASE_URL";
  static final String API_KEY_ENV = "WANDB_API_KEY";
  static final String PROJECT_ENV = "WANDB_PROJECT";
  static final String ENTITY_ENV = "WANDB_ENTITY";
  static final String DEFAULT_PROJECT = "perf_benchmark";

  static final String UPSERT_BUCKET = """
      mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, \
      $displayName: String, $config: JSONString, $jobType: String, $tags: [String!]) {
        upsertBucket(input: {id: $id, name: $name, modelName: $project, entityName: $entity, \
      displayName: $displayName, config: $config, jobType: $jobType, tags: $tags}) {
          bucket { id name displayName project { name entity { name } } }
          inserted
        }
      }""";

  private static final String HISTORY_FILE = "wandb-history.jsonl";
  private static final String SUMMARY_FILE = "wandb-summary.json";
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final UploadClient client;
  private final URI baseUrl;
  private final Map<String, String> auth;
  private final String project;
  private final @Nullable String entity;
  private final SecureRandom random = new SecureRandom();

  private @Nullable URI fileStream;
  private int historyLines;

  WandbSink(VisualizerSettings settings, UploadClient client, URI baseUrl, String apiKey) {
    super("wandb", settings);
    this.client = client;
    this.baseUrl = baseUrl;
    this.auth = Map.of("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8)));
    String configured = settings.env(PROJECT_ENV);
    this.project = configured == null ? DEFAULT_PROJECT : configured;
    this.entity = settings.env(ENTITY_ENV);
  }

  @Override
  void openRun(RunInfo run, String displayName, Map<String, @Nullable Object> config)
      throws UploadException, InterruptedException {
    fileStream = null;
    historyLines = 0;
    String runId = newRunId();

    Map<String, @Nullable Object> wandbConfig = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      Map<String, @Nullable Object> entry = new LinkedHashMap<>();
      entry.put("desc", null);
      entry.put("value", value);
      wandbConfig.put(key, entry);
    });
    Map<String, @Nullable Object> variables = new LinkedHashMap<>();
    variables.put("name", runId);
    variables.put("project", project);
    variables.put("entity", entity);
    variables.put("displayName", displayName);
    variables.put("config", client.toJson(wandbConfig));
    variables.put("jobType", "perf_benchmark");
    variables.put("tags", List.of("tokenstorm"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operationName", "UpsertBucket");
    body.put("query", UPSERT_BUCKET);
    body.put("variables", variables);

    URI graphql = UploadClient.join(baseUrl, "/graphql");
    JsonNode reply = client.postJson(graphql, auth, body).body();
    JsonNode errors = reply.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw new UploadException("GraphQL error from " + UploadClient.loggable(graphql) + ": "
          + errors.get(0).path("message").asText("unknown error"));
    }
    JsonNode bucket = reply.path("data").path("upsertBucket").path("bucket");
    String entityName = bucket.path("project").path("entity").path("name").asText("");
    String projectName = bucket.path("project").path("name").asText("");
    String runName = bucket.path("name").asText("");
    if (entityName.isEmpty() || projectName.isEmpty() || runName.isEmpty()) {
      throw new UploadException("reply from " + UploadClient.loggable(graphql)
          + " has no data.upsertBucket.bucket with name and project.entity.name");
    }
    fileStream = UploadClient.join(baseUrl, "/files/" + segment(entityName) + "/"
        + segment(projectName) + "/" + segment(runName) + "/file_stream");
    log.info("wandb: created run {} ({}) in {}/{}", runName, displayName, entityName, projectName);
  }

  @Override
  void logPoint(int step, long wallMillis, Map<String, Double> metrics)
      throws UploadException, InterruptedException {
    String row = historyRow(step, wallMillis, metrics);
    postFiles(Map.of(HISTORY_FILE, chunk(historyLines, row)));
    historyLines++;
  }

  @Override
  void logFinal(RunReport report, int step, long wallMillis, Map<String, Double> summary)
      throws UploadException, InterruptedException {
    Map<String, Object> summaryFile = new LinkedHashMap<>(summary);
    summaryFile.put("Percentiles", ReportValues.percentiles(report));
    summaryFile.put("Warnings", report.warnings());
    Map<String, Object> files = new LinkedHashMap<>();
    files.put(HISTORY_FILE, chunk(historyLines, historyRow(step, wallMillis, summary)));
    files.put(SUMMARY_FILE, chunk(0, client.toJson(summaryFile)));
    postFiles(files);
    historyLines++;
  }

  @Override
  void finishRun(RunReport report) throws UploadException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("complete", true);
    body.put("exitcode", report.cancelled() ? 1 : 0);
    client.postJson(requireStream(), auth, body);
  }

  @Override
  public void close() {
    client.close();
  }

  private void postFiles(Map<String, ?> files) throws UploadException, InterruptedException {
    client.postJson(requireStream(), auth, Map.of("files", files));
  }

  private URI requireStream() throws UploadException {
    URI stream = fileStream;
    if (stream == null) {
      throw new UploadException("wandb run was not created");
    }
    return stream;
  }

  private String historyRow(int step, long wallMillis, Map<String, Double> metrics) {
    Map<String, Object> row = new LinkedHashMap<>(metrics);
    row.put("_step", step);
    row.put("_runtime", Math.max(0, wallMillis - runStartMillis()) / 1000.0);
    row.put("_timestamp", wallMillis / 1000.0);
    return client.toJson(row);
  }

  private static Map<String, Object> chunk(int offset, String line) {
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("offset", offset);
    chunk.put("content", new ArrayList<>(List.of(line)));
    return chunk;
  }

  /** Returns a run id like the SDK's: 8 random lowercase letters and digits. */
  private String newRunId() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
