package dev.tokenstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PromptAndDatasetTest {

  @Test
  @Timeout(30)
  void promptWinsOverDatasetAndTheRunWarnsThatTheDatasetIsUnused() {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().outputTokens(2).start()) {
      RunReport report = PerfRun.builder().url(server.chatCompletionsUrl()).model("m")
          .prompt("fixed prompt").dataset(new UniquePromptDataset()).number(3).maxTokens(2)
          .testConnection(false).noOutputFiles().build().run().single();

      assertThat(server.requests()).hasSize(3)
          .allSatisfy(r -> assertThat(r.body()).contains("fixed prompt").doesNotContain("request-"));
      assertThat(report.warnings()).contains("prompt is set, so dataset 'unique' is not used:"
          + " every request sends the prompt (as in evalscope, the prompt wins); remove"
          + " prompt(...) to use the dataset");
    }
  }
}
