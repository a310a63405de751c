package dev.tokenstorm.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.ResultSink;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.SinkSettings;
import dev.tokenstorm.testkit.contract.ResultSinkContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

class SqliteSinkContractTest extends ResultSinkContract {

  @Override
  protected ResultSink createSink(Path workDir) {
    return new SqliteSinkProvider().create(new SinkSettings(7, 4096));
  }

  @Override
  protected void verifyRun(Path workDir, RunInfo run, List<RequestRecord> records,
      @Nullable RunReport report) throws Exception {
    if (run.outputDir() == null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        assertThat(files.filter(file -> file.getFileName().toString().endsWith(".db")))
            .isEmpty();
      }
      return;
    }
    try (StoredRun stored = StoredRun.open(run.outputDir().resolve(SqliteResultSink.FILE_NAME));
        Stream<RequestRecord> read = stored.records()) {
      assertThat(read.toList()).containsExactlyElementsOf(records);
      assertThat(stored.info()).isEqualTo(run);
      if (report == null) {
        assertThat(stored.status()).isEqualTo(StoredRun.Status.INTERRUPTED);
        assertThat(stored.report()).isEmpty();
      } else {
        assertThat(stored.report()).contains(report);
        assertThat(stored.status()).isEqualTo(report.cancelled()
            ? StoredRun.Status.CANCELLED : StoredRun.Status.COMPLETED);
      }
    }
  }
}
