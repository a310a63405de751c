package dev.tokenstorm.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** performance_summary.txt contains every run's tables and the sweep table. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SummaryFilesTest {

  @TempDir Path root;

  @Test
  void summaryFileHoldsRunTablesThenSweep() throws Exception {
    PerfResult result = new PerfResult(List.of(
        ReportFixtures.generation(null), ReportFixtures.pacedOpenLoop(null, "Engine warning.")),
        root, false);

    SummaryFiles.writePerformanceSummary(root, result);

    String text = Files.readString(root.resolve("performance_summary.txt"), StandardCharsets.UTF_8);
    assertThat(text).contains("==== Run 1 of 2: parallel_10_number_100 ====");
    assertThat(text).contains("==== Run 2 of 2: parallel_10_number_100 ====");
    assertThat(text.indexOf("==== Sweep ===="))
        .isGreaterThan(text.lastIndexOf("Percentile results"));
    assertThat(text).contains("Performance overview");
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("performance_summary.txt");
    }
  }
}
