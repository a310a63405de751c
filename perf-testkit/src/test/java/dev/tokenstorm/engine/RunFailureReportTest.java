package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A run that stops with a {@link PerfRunException} still hands its partial report on. */
class RunFailureReportTest {

  @Test
  @Timeout(30)
  void midRunFailureStillReportsMeasuredRequests() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      RecordingListener listener = new RecordingListener();
      RecordingSink sink = new RecordingSink();
      PerfRun run = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .dataset(new FailingAfter(40)).parallel(1).number(100).maxTokens(2)
          .testConnection(false).noOutputFiles().progressListener(listener).sink(sink).build();

      assertThatThrownBy(run::run)
          .isInstanceOf(PerfRunException.class)
          .hasMessageContaining("broken record 40");

      assertThat(listener.calls("finished")).hasSize(1);
      RunReport report = listener.reports().get(0);
      assertThat(report.totalRequests()).isBetween(1L, 40L);
      assertThat(report.totalRequests()).isEqualTo(sink.records().size());
      assertThat(report.totalRequests()).isEqualTo(server.requests().size());
      assertThat(report.warnings())
          .anySatisfy(w -> assertThat(w).startsWith("the run stopped early: ")
              .contains("broken record 40"));
      assertThat(sink.reports()).containsExactly(report);
    }
  }

  @Test
  @Timeout(30)
  void unopenableDatasetSendsNoRequest() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      RecordingListener listener = new RecordingListener();
      PerfRun run = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .dataset(new FailingToOpen()).number(5).maxTokens(2)
          .noOutputFiles().progressListener(listener).build();

      assertThatThrownBy(run::run)
          .isInstanceOf(PerfRunException.class)
          .hasMessageContaining("the test file is missing");

      // Not even the connection test reached the server, and the run never started.
      assertThat(server.requests()).isEmpty();
      assertThat(listener.calls()).isEmpty();
    }
  }

  /** A dataset whose {@code open} fails, as one with a missing file does. */
  private static final class FailingToOpen implements Dataset {
    @Override
    public String name() {
      return "failing-to-open";
    }

    @Override
    public Iterator<Query> open(DatasetContext context) {
      throw new IllegalStateException("the test file is missing");
    }
  }

  /** Yields {@code good} prompts, then throws from {@code next()}. */
  private static final class FailingAfter implements Dataset {
    private final int good;

    FailingAfter(int good) {
      this.good = good;
    }

    @Override
    public String name() {
      return "failing-after-" + good;
    }

    @Override
    public Iterator<Query> open(DatasetContext context) {
      return new Iterator<>() {
        private int served;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Query next() {
          if (served == good) {
            throw new IllegalStateException("broken record " + served);
          }
          if (served > good) {
            throw new NoSuchElementException();
          }
          return ChatQuery.ofUserText("prompt " + served++);
        }
      };
    }
  }
}
