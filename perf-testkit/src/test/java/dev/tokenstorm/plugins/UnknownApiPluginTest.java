package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.core.PerfRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unknown api name is rejected with the list of known names. */
@Timeout(10)
class UnknownApiPluginTest {

  @Test
  void unknownApiNameListsKnownPlugins() {
    assertThatThrownBy(() -> PerfRun.builder().url("http://127.0.0.1:1/v1").model("m")
            .api("openai_fancy").prompt("x").noOutputFiles().build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("api 'openai_fancy' is not a known API plugin")
        .hasMessageContaining("dashscope")
        .hasMessageContaining("embedding")
        .hasMessageContaining("openai_responses")
        .hasMessageContaining("rerank")
        .hasMessageContaining("responses")
        .hasMessageContaining("local_vllm");
  }
}
