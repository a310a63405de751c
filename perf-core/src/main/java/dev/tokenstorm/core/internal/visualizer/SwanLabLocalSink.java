package dev.tokenstorm.core.internal.visualizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SwanLab's local mode: instead of talking to a server, writes each run to
 * {@code <output root>/swanlog/<experiment name>/} (evalscope points SwanLab's log folder at the
 * output root in the same way).
 *
 * <ul>
 *   <li>{@code config.json}: project, experiment name and the config in SwanLab's
 *       {@code {key: {"value", "sort", "desc"}}} form;
 *   <li>{@code metrics.jsonl}: one line per time-series point,
 *       {@code {"index", "create_time", "metrics": {...}}};
 *   <li>{@code summary.json}: the final summary, the percentile table, the warnings and the state
 *       ({@code FINISHED} or {@code ABORTED}).
 * </ul>
 *
 * NOTE: this is Tokenstorm's own layout in SwanLab's vocabulary. {@code swanlab watch} reads the
 * SDK's database and cannot open these folders.
 */
final class SwanLabLocalSink extends VisualizerSink {

  private static final Logger log = LoggerFactory.getLogger(SwanLabLocalSink.class);

  private final Path root;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectMapper lineMapper = new ObjectMapper();
  private @Nullable Path runDir;

  SwanLabLocalSink(VisualizerSettings settings, Path outputRoot) {
    super("swanlab", settings);
    this.root = outputRoot.resolve("swanlog");
  }

  @Override
  void openRun(RunInfo run, String displayName, Map<String, @Nullable Object> config)
      throws UploadException {
    runDir = null;
    Path dir = freeFolder(displayName);
    Map<String, Object> swanlabConfig = new LinkedHashMap<>();
    int sort = 0;
    for (Map.Entry<String, @Nullable Object> e : config.entrySet()) {
      Map<String, @Nullable Object> item = new LinkedHashMap<>();
      item.put("value", e.getValue());
      item.put("sort", sort++);
      item.put("desc", "");
      swanlabConfig.put(e.getKey(), item);
    }
    Map<String, Object> file = new LinkedHashMap<>();
    String project = settings.env(SwanLabSink.PROJECT_ENV);
    file.put("project", project == null ? SwanLabSink.DEFAULT_PROJECT : project);
    file.put("experiment", displayName);
    file.put("config", swanlabConfig);
    try {
      Files.createDirectories(dir);
      write(dir.resolve("config.json"), mapper.writeValueAsString(file), false);
    } catch (IOException e) {
      throw new UploadException("writing " + dir + " failed: " + e.getMessage(), e);
    }
    runDir = dir;
    log.info("swanlab: local mode writes run '{}' to {}", displayName, dir);
  }

  @Override
  void logPoint(int step, long wallMillis, Map<String, Double> metrics) throws UploadException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("index", step);
    line.put("create_time", Instant.ofEpochMilli(wallMillis).toString());
    line.put("metrics", metrics);
    Path file = requireDir().resolve("metrics.jsonl");
    try {
      write(file, lineMapper.writeValueAsString(line) + "\n", true);
    } catch (IOException e) {
      throw new UploadException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  void logFinal(RunReport report, int step, long wallMillis, Map<String, Double> summary)
      throws UploadException {
    logPoint(step, wallMillis, summary);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("state", report.cancelled() ? "ABORTED" : "FINISHED");
    file.put("summary", summary);
    file.put("percentiles", ReportValues.percentiles(report));
    file.put("warnings", report.warnings());
    Path path = requireDir().resolve("summary.json");
    try {
      write(path, mapper.writeValueAsString(file), false);
    } catch (IOException e) {
      throw new UploadException("writing " + path + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  void finishRun(RunReport report) {
    runDir = null;
  }

  private Path requireDir() throws UploadException {
    Path dir = runDir;
    if (dir == null) {
      throw new UploadException("SwanLab local run folder was not created");
    }
    return dir;
  }

  /** Returns a folder under the log root named after the run that does not exist yet. */
  private Path freeFolder(String displayName) {
    String base = displayName.replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = root.resolve(base);
    for (int i = 2; Files.exists(dir); i++) {
      dir = root.resolve(base + "-" + i);
    }
    return dir;
  }

  private static void write(Path file, String text, boolean append) throws IOException {
    if (append) {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } else {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
  }
}
