package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.PerfResult;
import dev.tokenstorm.api.result.ProgressListener;
import dev.tokenstorm.api.result.ProgressSnapshot;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.engine.RecordingListener.Call;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProgressListenerTest {

  @Test
  @Timeout(30)
  void callbacksFollowRunOrderWithConsistentCounts() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(1)).outputTokens(2)
        .start()) {
      server.injectFault(FaultRule.everyNth(4, Fault.status(500)));
      RecordingListener listener = new RecordingListener();
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(1, 3).number(8, 24).maxTokens(2).warmup(2)
          .sleepInterval(Duration.ZERO).testConnection(false).noOutputFiles()
          .progressListener(listener).build().run();

      List<Call> calls = listener.calls();
      assertThat(calls).extracting(Call::kind).filteredOn(k -> !k.equals("sent")
          && !k.equals("completed")).containsExactly("started", "finished", "started", "finished");
      int secondStart = indexOfSecondStart(calls);
      checkRun(calls.subList(0, secondStart), "parallel_1_number_8", 8, 1, result.runs().get(0));
      checkRun(calls.subList(secondStart, calls.size()), "parallel_3_number_24", 24, 3,
          result.runs().get(1));
      assertThat(result.runs()).extracting(RunReport::failedRequests).allMatch(n -> n > 0);
      assertThat(listener.reports()).containsExactlyElementsOf(result.runs());
      // Run-level callbacks come from the driver thread, request callbacks from request threads.
      assertThat(listener.calls("started")).extracting(c -> c.thread().getName())
          .containsOnly("tokenstorm-driver");
      assertThat(listener.calls("completed")).allMatch(c -> c.thread().isVirtual());
    }
  }

  @Test
  @Timeout(30)
  void throwingListenerDoesNotStopRun() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      RecordingListener listener = new RecordingListener();
      ProgressListener broken = new ProgressListener() {
        @Override
        public void onRequestCompleted(RunInfo run, RequestRecord record,
            ProgressSnapshot progress) {
          throw new IllegalStateException("listener bug");
        }
      };
      PerfResult result = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("hi").parallel(2).number(10).maxTokens(2).testConnection(false).noOutputFiles()
          .progressListener(broken).progressListener(listener).build().run();

      RunReport report = result.single();
      assertThat(report.successRequests()).isEqualTo(10);
      assertThat(listener.calls("completed")).hasSize(10);
      assertThat(report.warnings()).contains("progress listeners threw 10 exceptions; see the log");
    }
  }

  private static int indexOfSecondStart(List<Call> calls) {
    for (int i = 1; i < calls.size(); i++) {
      if (calls.get(i).kind().equals("started")) {
        return i;
      }
    }
    throw new AssertionError("no second run started: " + calls);
  }

  private static void checkRun(List<Call> calls, String name, long number, int parallel,
      RunReport report) {
    assertThat(calls).allMatch(c -> c.run().equals(name));
    assertThat(calls.get(0).kind()).isEqualTo("started");
    assertThat(calls.get(calls.size() - 1).kind()).isEqualTo("finished");
    List<Call> sent = calls.stream().filter(c -> c.kind().equals("sent")).toList();
    List<Call> completed = calls.stream().filter(c -> c.kind().equals("completed")).toList();
    assertThat(sent).extracting(Call::index)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, number).boxed().toList());
    assertThat(completed).extracting(Call::index)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, number).boxed().toList());
    assertThat(completed).extracting(c -> c.snapshot().completed())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, number).boxed().toList());
    for (Call call : completed) {
      ProgressSnapshot snapshot = call.snapshot();
      assertThat(snapshot.planned()).isEqualTo(number);
      assertThat(snapshot.succeeded() + snapshot.failed()).as(snapshot.toString())
          .isEqualTo(snapshot.completed());
      assertThat(snapshot.inFlight()).isBetween(0L, (long) parallel);
    }
    ProgressSnapshot last = completed.stream().map(Call::snapshot)
        .filter(s -> s.completed() == number).findFirst().orElseThrow();
    assertThat(last.succeeded()).isEqualTo(report.successRequests());
    assertThat(last.failed()).isEqualTo(report.failedRequests());
    // Each request is reported sent before it is reported completed.
    for (Call done : completed) {
      int doneAt = calls.indexOf(done);
      int sentAt = -1;
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).kind().equals("sent") && calls.get(i).index() == done.index()) {
          sentAt = i;
        }
      }
      assertThat(sentAt).isBetween(0, doneAt - 1);
    }
  }
}
