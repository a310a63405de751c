package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class StoredRunRoundTripTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tempDir;

  @Test
  void storedRunReadsBackEqual() throws Exception {
    RunInfo run = TestRecords.run("parallel_4_number_100", tempDir.resolve("run"));
    List<RequestRecord> records = TestRecords.records(100, 1);
    RunReport report = store(SqliteResultSink.builder().commitInterval(7).build(), run, records);

    try (StoredRun stored = StoredRun.open(tempDir.resolve("run/benchmark_data.db"));
        Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records);
      assertThat(stored.info()).isEqualTo(run);
      assertThat(stored.config()).isEqualTo(run.config());
      assertThat(stored.report()).contains(report);
      assertThat(stored.summary()).contains(report.summary());
      assertThat(stored.status()).isEqualTo(StoredRun.Status.COMPLETED);
      assertThat(stored.recordCount()).isEqualTo(100);
      assertThat(stored.endedAt()).isPresent();
      assertThat(stored.schemaVersion()).isEqualTo(2);
      assertThat(stored.tokenstormVersion()).isEqualTo(projectVersion());
    }
  }

  @Test
  void recomputedReportEqualsReported() throws Exception {
    RunInfo run = TestRecords.run("rate_5.0_number_300", tempDir.resolve("run"));
    List<RequestRecord> records = TestRecords.records(300, 2);
    RunReport report = store(SqliteResultSink.builder().build(), run, records);

    try (StoredRun stored = StoredRun.open(tempDir.resolve("run/benchmark_data.db"))) {
      RunReport recomputed = stored.recomputeReport();
      ReportComparison.assertSameReport(recomputed, report);
      assertThat(recomputed.duration()).isEqualTo(report.duration());
      assertThat(recomputed.totalRequests()).isEqualTo(300);
      assertThat(recomputed.successRequests()).isEqualTo(report.successRequests());
      assertThat(recomputed.failuresByKind()).isEqualTo(report.failuresByKind());
      assertThat(recomputed.tokenSources()).isEqualTo(report.tokenSources());
      assertThat(recomputed.streamRequests()).isEqualTo(report.streamRequests());
    }
  }

  @Test
  void evalscopeColumnsHoldSeconds() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir.resolve("run"));
    List<RequestRecord> records = TestRecords.records(7, 3);
    store(SqliteResultSink.builder().build(), run, records);

    try (Connection connection = connect(tempDir.resolve("run/benchmark_data.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM result ORDER BY rowid")) {
      for (RequestRecord record : records) {
        assertThat(rows.next()).isTrue();
        assertEvalscopeColumns(rows, record);
      }
      assertThat(rows.next()).isFalse();
    }
  }

  private static void assertEvalscopeColumns(ResultSet row, RequestRecord record)
      throws Exception {
    assertThat(row.getString("request")).isEqualTo(record.requestBody());
    assertThat(row.getDouble("start_time")).isEqualTo(record.sentNanos() / 1e9);
    assertThat(row.getDouble("completed_time")).isEqualTo(record.endNanos() / 1e9);
    assertThat(row.getInt("success")).isEqualTo(record.success() ? 1 : 0);
    assertThat(row.getInt("is_stream")).isEqualTo(record.stream() ? 1 : 0);
    assertThat(row.getString("request_id")).isEqualTo(record.requestId());
    assertThat(row.getObject("max_gpu_memory_cost")).isNull();
    JsonNode gaps = JSON.readTree(row.getString("inter_token_latencies"));
    long[] expectedGaps = record.interTokenNanos();
    assertThat(gaps.size()).isEqualTo(expectedGaps.length);
    for (int i = 0; i < expectedGaps.length; i++) {
      assertThat(gaps.get(i).asDouble()).isEqualTo(Math.round(expectedGaps[i] / 1e3) / 1e6);
    }
    JsonNode messages = JSON.readTree(row.getString("response_messages"));
    if (record.outputText() == null) {
      assertThat(messages.size()).isZero();
    } else {
      assertThat(messages.size()).isEqualTo(1);
      assertThat(messages.get(0).asText()).isEqualTo(record.outputText());
    }
    if (record.success()) {
      assertThat(row.getDouble("latency")).isEqualTo(record.latency().toNanos() / 1e9);
      double firstChunk = record.ttft().orElse(record.latency()).toNanos() / 1e9;
      assertThat(row.getDouble("first_chunk_latency")).isEqualTo(firstChunk);
      assertThat(row.getInt("prompt_tokens")).isEqualTo(record.promptTokens().getAsInt());
      assertThat(row.getInt("completion_tokens")).isEqualTo(record.completionTokens().getAsInt());
    } else {
      assertThat(row.getObject("latency")).isNull();
      assertThat(row.getObject("first_chunk_latency")).isNull();
      assertThat(row.getString("error_kind")).isEqualTo(record.errorKind().name());
      assertThat(row.getString("error_message")).isEqualTo(record.errorMessage());
    }
    OptionalDouble tpot = record.tpotNanos();
    if (tpot.isPresent()) {
      assertThat(row.getDouble("time_per_output_token"))
          .isCloseTo(tpot.getAsDouble() / 1e9, within(1e-15));
    } else {
      assertThat(row.getObject("time_per_output_token")).isNull();
    }
    OptionalInt status = record.httpStatus();
    assertThat(row.getObject("http_status")).isEqualTo(status.isPresent() ? status.getAsInt() : null);
    assertThat(row.getString("token_source")).isEqualTo(record.tokenSource().name());
    assertThat(row.getLong("wall_start_ms")).isEqualTo(record.wallStartMillis());
    assertThat(row.getLong("run_id")).isEqualTo(1);
  }

  @Test
  void tokenstormSecondsColumnsGenerated() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir.resolve("run"));
    List<RequestRecord> records = TestRecords.records(14, 8);
    store(SqliteResultSink.builder().build(), run, records);

    try (Connection connection = connect(tempDir.resolve("run/benchmark_data.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT queue_time, first_content_latency FROM result ORDER BY rowid")) {
      for (RequestRecord record : records) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getObject(1)).as("queue_time of record %d", record.index())
            .isEqualTo(record.queueTime().map(time -> time.toNanos() / 1e9).orElse(null));
        assertThat(rows.getObject(2)).as("first_content_latency of record %d", record.index())
            .isEqualTo(record.ttfc().map(time -> time.toNanos() / 1e9).orElse(null));
      }
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void evalscopeColumnsComeFirst() throws Exception {
    store(SqliteResultSink.builder().build(), TestRecords.run("run", tempDir), List.of());

    List<String> columns = new ArrayList<>();
    try (Connection connection = connect(tempDir.resolve("benchmark_data.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA table_xinfo(result)")) {
      while (rows.next()) {
        columns.add(rows.getString("name"));
      }
    }
    assertThat(columns.subList(0, 14)).containsExactly("request", "start_time",
        "inter_token_latencies", "success", "response_messages", "completed_time", "latency",
        "first_chunk_latency", "prompt_tokens", "completion_tokens", "max_gpu_memory_cost",
        "time_per_output_token", "request_id", "is_stream");
    assertThat(columns).contains("run_id", "wall_start_ms", "scheduled_ns", "queue_time",
        "first_content_latency", "reasoning_tokens", "cached_tokens", "token_source",
        "http_status", "error_kind", "error_message", "output_text");
  }

  @Test
  void longTextsCutAtSurrogateBoundary() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    RequestRecord record = TestRecords.records(1, 4).get(0);
    String output = "abcdefghi\uD83D\uDE00tail";
    RequestRecord longText = withTexts(record, "0123456789ABCDEF", output);
    store(SqliteResultSink.builder().maxStoredTextChars(10).build(), run, List.of(longText));

    try (StoredRun stored = StoredRun.open(tempDir.resolve("benchmark_data.db"));
        Stream<RequestRecord> read = stored.records()) {
      RequestRecord back = read.findFirst().orElseThrow();
      assertThat(back.requestBody()).isEqualTo("0123456789");
      assertThat(back.outputText()).isEqualTo("abcdefghi");
    }
    try (Connection connection = connect(tempDir.resolve("benchmark_data.db"));
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT request_truncated, output_text_truncated FROM result")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt(1)).isEqualTo(1);
      assertThat(row.getInt(2)).isEqualTo(1);
    }
  }

  @Test
  void configSecretsMaskedBeforeStoring() throws Exception {
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("api_key", "sk-live-0123456789");
    config.put("wandb_api_key", "wb-secret-value");
    config.put("headers", Map.of("Authorization", "Bearer tok-abcdef", "X-Trace", "1"));
    config.put("max_tokens", 32);
    RunInfo base = TestRecords.run("run", tempDir);
    RunInfo run = new RunInfo(base.name(), 0, 1, tempDir, base.parallel(), 1, base.rate(), false,
        base.api(), base.apiKind(), base.model(), base.url(), base.dataset(),
        base.startedAtMillis(), config);
    store(SqliteResultSink.builder().build(), run, TestRecords.records(3, 5));

    Path file = tempDir.resolve("benchmark_data.db");
    try (StoredRun stored = StoredRun.open(file)) {
      assertThat(stored.config()).containsEntry("api_key", "***")
          .containsEntry("wandb_api_key", "***")
          .containsEntry("headers", Map.of("Authorization", "***", "X-Trace", "1"))
          .containsEntry("max_tokens", 32);
    }
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("sk-live-0123456789", "wb-secret-value", "tok-abcdef");
  }

  @Test
  void metadataAndPercentileTablesFilled() throws Exception {
    RunInfo run = TestRecords.run("run", tempDir);
    RunReport report = store(SqliteResultSink.builder().build(), run, TestRecords.records(50, 6));

    try (Connection connection = connect(tempDir.resolve("benchmark_data.db"))) {
      assertThat(queryLong(connection, "PRAGMA user_version")).isEqualTo(2);
      assertThat(queryLong(connection, "PRAGMA application_id")).isEqualTo(0x546B5374);
      assertThat(queryString(connection,
          "SELECT value FROM tokenstorm_metadata WHERE key = 'schema_version'")).isEqualTo("2");
      assertThat(queryString(connection, "PRAGMA journal_mode")).isEqualTo("delete");
      long points = report.distributions().values().stream()
          .mapToLong(distribution -> distribution.percentiles().size()).sum();
      assertThat(queryLong(connection, "SELECT count(*) FROM percentile")).isEqualTo(points);
      Distribution latency = report.distributions().values().iterator().next();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT value FROM percentile WHERE metric = ? AND label = '50%'")) {
        select.setString(1, latency.metric().label());
        try (ResultSet row = select.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getDouble(1)).isEqualTo(latency.at(50).getAsDouble());
        }
      }
    }
  }

  static RunReport store(SqliteResultSink sink, RunInfo run, List<RequestRecord> records)
      throws Exception {
    MetricsAccumulator accumulator = new MetricsAccumulator(run.apiKind());
    try (sink) {
      sink.onRunStart(run);
      for (RequestRecord record : records) {
        sink.onRecord(record);
        accumulator.add(record);
      }
      RunReport report = accumulator.report(run, false, List.of("an engine warning"));
      sink.onRunEnd(report);
      return report;
    }
  }

  static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }

  private static RequestRecord withTexts(RequestRecord r, String body, String output) {
    return new RequestRecord(r.index(), r.requestId(), r.warmup(), r.wallStartMillis(),
        r.scheduledNanos(), r.sentNanos(), r.headersNanos(), r.firstTokenNanos(),
        r.firstContentNanos(), r.lastTokenNanos(), r.endNanos(), r.tokenEventNanos(), r.stream(),
        r.success(), r.httpStatus(), r.errorKind(), r.errorMessage(), r.promptTokens(),
        r.completionTokens(), r.reasoningTokens(), r.cachedTokens(), r.tokenSource(),
        r.malformedEvents(), body, output);
  }

  private static String projectVersion() throws Exception {
    Properties properties = new Properties();
    try (var in = StoredRunRoundTripTest.class.getResourceAsStream(
        "/dev/tokenstorm/sqlite/version.properties")) {
      properties.load(in);
    }
    assertThat(properties.getProperty("version")).doesNotStartWith("${");
    return properties.getProperty("version");
  }
}
