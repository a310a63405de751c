package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files of schema version 1, written before the seconds columns were generated, stay readable. */
@Timeout(60)
class SchemaVersionOneTest {

  /** The result table of schema version 1: seconds stored, token_event_ns with every gap. */
  private static final String CREATE_RESULT_VERSION_1 = """
      CREATE TABLE result (
        request TEXT,
        start_time REAL NOT NULL,
        inter_token_latencies TEXT NOT NULL,
        success INTEGER NOT NULL,
        response_messages TEXT GENERATED ALWAYS AS (
          CASE WHEN output_text IS NULL THEN json_array() ELSE json_array(output_text) END
        ) VIRTUAL,
        completed_time REAL NOT NULL,
        latency REAL,
        first_chunk_latency REAL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        max_gpu_memory_cost REAL,
        time_per_output_token REAL,
        request_id TEXT,
        is_stream INTEGER NOT NULL,
        run_id INTEGER NOT NULL REFERENCES run(run_id),
        request_index INTEGER NOT NULL,
        is_warmup INTEGER NOT NULL,
        wall_start_ms INTEGER NOT NULL,
        scheduled_ns INTEGER,
        sent_ns INTEGER NOT NULL,
        headers_ns INTEGER,
        first_token_ns INTEGER,
        first_content_ns INTEGER,
        last_token_ns INTEGER,
        end_ns INTEGER NOT NULL,
        token_event_ns BLOB NOT NULL,
        token_events INTEGER NOT NULL,
        queue_time REAL,
        first_content_latency REAL,
        reasoning_tokens INTEGER,
        cached_tokens INTEGER,
        token_source TEXT NOT NULL,
        http_status INTEGER,
        error_kind TEXT,
        error_message TEXT,
        malformed_events INTEGER NOT NULL,
        output_text TEXT,
        request_truncated INTEGER NOT NULL,
        output_text_truncated INTEGER NOT NULL
      )""";

  /** The stored columns of version 1; the seconds columns take the values generated today. */
  private static final String COLUMNS_VERSION_1 = "request, start_time, inter_token_latencies,"
      + " success, completed_time, latency, first_chunk_latency, prompt_tokens,"
      + " completion_tokens, max_gpu_memory_cost, time_per_output_token, request_id, is_stream,"
      + " run_id, request_index, is_warmup, wall_start_ms, scheduled_ns, sent_ns, headers_ns,"
      + " first_token_ns, first_content_ns, last_token_ns, end_ns, token_event_ns, token_events,"
      + " queue_time, first_content_latency, reasoning_tokens, cached_tokens, token_source,"
      + " http_status, error_kind, error_message, malformed_events, output_text,"
      + " request_truncated, output_text_truncated";

  @TempDir
  Path tempDir;

  @Test
  void versionOneRecordsReadBackEqual() throws Exception {
    Path file = tempDir.resolve("version1.db");
    RunInfo run = TestRecords.run("parallel_4_number_100", null);
    List<RequestRecord> records = TestRecords.records(100, 61);
    RunReport report = StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        run, records);
    rewriteAsVersionOne(file, records);

    try (StoredRun stored = StoredRun.open(file); Stream<RequestRecord> read = stored.records()) {
      assertThat(stored.schemaVersion()).isEqualTo(1);
      assertThat(read.toList()).containsExactlyElementsOf(records);
      assertThat(stored.report()).contains(report);
      ReportComparison.assertSameReport(stored.recomputeReport(), report);
    }
  }

  @Test
  void versionOneFileNotAppended() throws Exception {
    Path file = tempDir.resolve("version1.db");
    List<RequestRecord> records = TestRecords.records(5, 62);
    StoredRunRoundTripTest.store(SqliteResultSink.builder().file(file).build(),
        TestRecords.run("first", null), records);
    rewriteAsVersionOne(file, records);

    try (SqliteResultSink sink = SqliteResultSink.builder().file(file)
        .existingDatabase(ExistingDatabase.APPEND).build()) {
      assertThatThrownBy(() -> sink.onRunStart(TestRecords.run("second", null)))
          .isInstanceOf(SqliteStorageException.class)
          .hasMessageContaining("has schema version 1")
          .hasMessageContaining("appends only to version 2 databases");
    }
    assertThat(StoredRun.list(file)).extracting(StoredRun.Entry::name).containsExactly("first");
  }

  /**
   * Turns a file written today into the version 1 layout: seconds columns stored, and {@code
   * token_event_ns} holding every event as the difference to the one before it.
   */
  private static void rewriteAsVersionOne(Path file, List<RequestRecord> records)
      throws Exception {
    try (Connection connection = StoredRunRoundTripTest.connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE result RENAME TO result_version_2");
      statement.execute(CREATE_RESULT_VERSION_1);
      statement.execute("INSERT INTO result (" + COLUMNS_VERSION_1 + ") SELECT "
          + COLUMNS_VERSION_1 + " FROM result_version_2 ORDER BY rowid");
      statement.execute("DROP TABLE result_version_2");
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE result SET token_event_ns = ? WHERE rowid = ?")) {
        for (int i = 0; i < records.size(); i++) {
          RequestRecord record = records.get(i);
          update.setBytes(1, versionOneTimes(record.sentNanos(), record.tokenEventNanos()));
          update.setLong(2, i + 1);
          update.executeUpdate();
        }
      }
      statement.execute("UPDATE tokenstorm_metadata SET value = '1' WHERE key = 'schema_version'");
      statement.execute("PRAGMA user_version = 1");
    }
  }

  /** Zigzag LEB128 varints of the first event minus sentNanos, then of each gap. */
  private static byte[] versionOneTimes(long sentNanos, long[] events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long previous = sentNanos;
    for (long event : events) {
      long value = ((event - previous) << 1) ^ ((event - previous) >> 63);
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
      previous = event;
    }
    return out.toByteArray();
  }
}
