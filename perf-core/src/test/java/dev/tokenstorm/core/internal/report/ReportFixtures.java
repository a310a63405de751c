package dev.tokenstorm.core.internal.report;

import static dev.tokenstorm.core.internal.metrics.TestRecords.ms;
import static dev.tokenstorm.core.internal.metrics.TestRecords.record;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.core.internal.metrics.MetricsAccumulator;
import dev.tokenstorm.core.internal.metrics.TestRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Reports built through the real accumulator from hand-made records. */
final class ReportFixtures {

  private ReportFixtures() {}

  /** Returns a closed-loop, unpaced generation run of 20 requests: 18 successes, 2 failures. */
  static RunReport generation(@Nullable Path outputDir) {
    RunInfo run = TestRecords.run(
        ApiKind.GENERATION, OptionalInt.of(10), OptionalDouble.empty(), false, outputDir);
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 18; i++) {
      long sent = ms(100 * i);
      accumulator.add(record().index(i).sent(sent)
          .events(sent + ms(200), sent + ms(220), sent + ms(250)).firstContent(sent + ms(220))
          .end(sent + ms(260)).tokens(1000, 3)
          .source(i == 0 ? TokenSource.TOKENIZER : TokenSource.USAGE).build());
    }
    accumulator.add(record().index(18).sent(ms(50)).end(ms(90)).failed(ErrorKind.HTTP_STATUS)
        .build());
    accumulator.add(record().index(19).sent(ms(60)).end(ms(5000)).failed(ErrorKind.TIMEOUT)
        .build());
    return accumulator.report(run, false, List.of());
  }

  /** Returns an uncapped open-loop run at 5 req/s with every metric: 150 requests, sent late. */
  static RunReport pacedOpenLoop(@Nullable Path outputDir, String extraWarning) {
    RunInfo run = TestRecords.run(
        ApiKind.GENERATION, OptionalInt.empty(), OptionalDouble.of(5), true, outputDir);
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 150; i++) {
      long slot = ms(250 * i);
      long sent = slot + ms(12 + i % 5);
      accumulator.add(record().index(i).scheduled(slot).sent(sent)
          .events(sent + ms(900 + i), sent + ms(1000 + 2 * i), sent + ms(123456))
          .end(sent + ms(123500)).tokens(123456, 4567).malformed(i % 50 == 0 ? 1 : 0).build());
    }
    return accumulator.report(run, true, List.of(extraWarning));
  }

  /** Returns an embedding run of 3 requests. */
  static RunReport embedding(@Nullable Path outputDir) {
    RunInfo run = TestRecords.run(
        ApiKind.EMBEDDING, OptionalInt.of(2), OptionalDouble.empty(), false, outputDir);
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.EMBEDDING);
    accumulator.add(record().stream(false).sent(0).end(ms(200)).promptTokens(100)
        .source(TokenSource.NONE).build());
    accumulator.add(record().stream(false).sent(ms(100)).end(ms(500)).promptTokens(300)
        .source(TokenSource.NONE).build());
    accumulator.add(record().stream(false).sent(ms(150)).end(ms(450)).promptTokens(200)
        .source(TokenSource.NONE).build());
    return accumulator.report(run, false, List.of());
  }

  /** Returns a generation run whose 3 requests all failed. */
  static RunReport allFailed(@Nullable Path outputDir) {
    RunInfo run = TestRecords.run(
        ApiKind.GENERATION, OptionalInt.of(1), OptionalDouble.empty(), false, outputDir);
    MetricsAccumulator accumulator = new MetricsAccumulator(ApiKind.GENERATION);
    for (int i = 0; i < 3; i++) {
      accumulator.add(record().index(i).sent(ms(10 * i)).end(ms(10 * i + 5))
          .failed(ErrorKind.CONNECTION).build());
    }
    return accumulator.report(run, false, List.of());
  }
}
