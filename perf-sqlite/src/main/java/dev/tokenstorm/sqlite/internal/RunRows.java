package dev.tokenstorm.sqlite.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.Distribution;
import dev.tokenstorm.api.result.Percentile;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Writes and reads the {@code run}, {@code summary} and {@code percentile} rows of a run. */
public final class RunRows {

  /** Status of a run whose end has not been recorded: it is being written, or its writer died. */
  public static final String STATUS_RUNNING = "running";

  /** The columns {@link #readInfo} needs, in the order of its {@code SELECT}. */
  public static final String SELECT_COLUMNS = "name, run_index, run_count, output_dir, parallel,"
      + " number, rate, open_loop, api, api_kind, model, url, dataset, started_at_ms, config";

  private final ReportCodec codec;

  /** Creates a reader and writer that encodes JSON with {@code codec}. */
  public RunRows(ReportCodec codec) {
    this.codec = codec;
  }

  /** Inserts the {@code run} row of {@code run} with status {@code running}; returns its id. */
  public long insertRun(Connection connection, RunInfo run, String tokenstormVersion)
      throws SQLException {
    String sql = "INSERT INTO run (run_uuid, name, run_index, run_count, output_dir, parallel,"
        + " number, rate, open_loop, api, api_kind, model, url, dataset, started_at_ms, status,"
        + " config, tokenstorm_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setString(2, run.name());
      insert.setInt(3, run.index());
      insert.setInt(4, run.runCount());
      insert.setString(5, run.outputDir() == null ? null : run.outputDir().toString());
      if (run.parallel().isPresent()) {
        insert.setInt(6, run.parallel().getAsInt());
      } else {
        insert.setNull(6, Types.INTEGER);
      }
      insert.setLong(7, run.number());
      if (run.rate().isPresent()) {
        insert.setDouble(8, run.rate().getAsDouble());
      } else {
        insert.setNull(8, Types.REAL);
      }
      insert.setInt(9, run.openLoop() ? 1 : 0);
      insert.setString(10, run.api());
      insert.setString(11, run.apiKind().name());
      insert.setString(12, run.model());
      insert.setString(13, run.url());
      insert.setString(14, run.dataset());
      insert.setLong(15, run.startedAtMillis());
      insert.setString(16, STATUS_RUNNING);
      insert.setString(17, codec.encodeConfig(run.config()));
      insert.setString(18, tokenstormVersion);
      insert.executeUpdate();
    }
    try (Statement statement = connection.createStatement();
        ResultSet key = statement.executeQuery("SELECT last_insert_rowid()")) {
      if (!key.next()) {
        throw new SQLException("the run row was inserted but SQLite returned no run_id");
      }
      return key.getLong(1);
    }
  }

  /**
   * Records the end of a run: status, end time and, when {@code report} is not null, the summary
   * and percentile rows. Call inside the run's final transaction.
   */
  public void finishRun(Connection connection, long runId, String status, long endedAtMillis,
      @Nullable RunReport report) throws SQLException {
    if (report != null) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO summary (run_id, report) VALUES (?, ?)")) {
        insert.setLong(1, runId);
        insert.setString(2, codec.encodeReport(report));
        insert.executeUpdate();
      }
      insertPercentiles(connection, runId, report);
    }
    updateStatus(connection, runId, status, endedAtMillis);
  }

  /** Sets the status and end time of a run. */
  public void updateStatus(Connection connection, long runId, String status, long endedAtMillis)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE run SET status = ?, ended_at_ms = ? WHERE run_id = ?")) {
      update.setString(1, status);
      update.setLong(2, endedAtMillis);
      update.setLong(3, runId);
      update.executeUpdate();
    }
  }

  private static void insertPercentiles(Connection connection, long runId, RunReport report)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO percentile"
        + " (run_id, metric, label, unit, rank, value) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Distribution distribution : report.distributions().values()) {
        for (Percentile percentile : distribution.percentiles()) {
          insert.setLong(1, runId);
          insert.setString(2, distribution.metric().label());
          insert.setString(3, percentile.label());
          insert.setString(4, distribution.metric().unit());
          insert.setDouble(5, percentile.rank());
          insert.setDouble(6, percentile.value());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /** Rebuilds the {@link RunInfo} from a row selected with {@link #SELECT_COLUMNS}. */
  public RunInfo readInfo(ResultSet row) throws SQLException, JsonProcessingException {
    String outputDir = row.getString(4);
    int parallel = row.getInt(5);
    OptionalInt parallelValue = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(parallel);
    double rate = row.getDouble(7);
    OptionalDouble rateValue = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(rate);
    return new RunInfo(
        row.getString(1),
        row.getInt(2),
        row.getInt(3),
        outputDir == null ? null : Path.of(outputDir),
        parallelValue,
        row.getLong(6),
        rateValue,
        row.getInt(8) != 0,
        row.getString(9),
        ApiKind.valueOf(row.getString(10)),
        row.getString(11),
        row.getString(12),
        row.getString(13),
        row.getLong(14),
        codec.decodeConfig(row.getString(15)));
  }
}
