package dev.tokenstorm.core.internal.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.core.internal.plugin.support.PluginJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming fast path makes exactly the sink calls of the tree-based path. */
class ChunkReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,"
          + "\"finish_reason\":null}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
      "{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\",\"content\":null}}]}",
      "{\"choices\":[{\"delta\":{\"reasoning_content\":\"\",\"reasoning\":\"alt\"}}]}",
      "{\"choices\":[{\"delta\":{\"reasoning_content\":\"a\",\"reasoning\":\"b\",\"content\":\"c\","
          + "\"refusal\":\"no\"}}]}",
      "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"one\"}},"
          + "{\"index\":0,\"delta\":{\"content\":\"zero\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"}},"
          + "{\"index\":0,\"delta\":{\"content\":\"second\"}}]}",
      "{\"choices\":[{\"index\":null,\"delta\":{\"content\":\"x\"}}]}",
      "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"string index\"}}]}",
      "{\"choices\":[{\"index\":4294967296,\"delta\":{\"content\":\"long index\"}}]}",
      "{\"choices\":[{\"index\":0.0,\"delta\":{\"content\":\"float index\"}}]}",
      "{\"choices\":[{\"index\":0,\"text\":\"completion text\",\"finish_reason\":null}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"d\"},\"text\":\"t\"}]}",
      "{\"choices\":[{\"index\":0,\"text\":7}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":5}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":\"not an object\",\"text\":\"t\"}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"choices\":{}}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],"
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
          + "{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":null,\"content\":\"c\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"name\":\"g\"}}}]}",
      "{\"choices\":[\"odd\",7,null,{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}",
      "{\"choices\":null}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":8},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":20}}}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":3000000000}}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":1.5,\"completion_tokens\":\"2\"}}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens_details\":null,\"completion_tokens\":2}}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens_details\":3,\"completion_tokens\":2}}",
      "{\"choices\":[],\"usage\":{}}",
      "{\"choices\":[],\"usage\":null}",
      "{\"choices\":[],\"usage\":[1]}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":1},\"usage\":{\"completion_tokens\":2}}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"error\":null}",
      "{\"error\":{\"message\":\"boom\"}}",
      "{\"error\":\"plain\"}",
      "[1,2]",
      "\"text\"",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut",
      "{\"choices\":[]} trailing",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u00e9\\n\\\"q\\\"\"}}]}",
      "{\"choices\":[{\"index\":-0,\"delta\":{\"content\":\"negative zero\"}}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"index\":1}]}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"delta\":null}]}",
      "{\"choices\":[],\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":3},"
          + "\"completion_tokens_details\":{}}}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":1e99999999}}",
      "{\"nested\":{\"deep\":[{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"no\"}}]}]},"
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"yes\"}}]}"
  })
  void fastPathMatchesTreePath(String data) {
    List<String> fast = decode(new OpenAiDecoder(PluginJson.newMapper(), true), data);
    List<String> tree = decode(new OpenAiDecoder(PluginJson.newMapper(), false), data);

    assertThat(fast).isEqualTo(tree);
  }

  @Test
  void oversizedStringUsesTreePath() {
    String huge = "y".repeat(20_000_001);
    String data = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"x\":\""
        + huge + "\"}";

    List<String> fast = decode(new OpenAiDecoder(PluginJson.newMapper(), true), data);
    List<String> tree = decode(new OpenAiDecoder(PluginJson.newMapper(), false), data);

    assertThat(fast).isEqualTo(tree);
    assertThat(fast).singleElement().asString().startsWith("malformed ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
      "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"
  })
  void commonChunksTakeTheFastPath(String data) {
    ChunkReader reader = new ChunkReader(PluginJson.newMapper().getFactory());

    assertThat(reader.read(data, 1, new RecordingDecodeSink())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"error\":{\"message\":\"boom\"}}",
      "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[]}}]}",
      "not json"
  })
  void unusualChunksLeaveTheFastPathWithoutReporting(String data) {
    ChunkReader reader = new ChunkReader(PluginJson.newMapper().getFactory());
    RecordingDecodeSink sink = new RecordingDecodeSink();

    assertThat(reader.read(data, 1, sink)).isFalse();
    assertThat(sink.calls).isEmpty();
    assertThat(sink.usages).isEmpty();
  }

  /** Returns the decoder's calls for {@code data}, the usages last, as the decoder reports them. */
  private static List<String> decode(OpenAiDecoder decoder, String data) {
    RecordingDecodeSink sink = new RecordingDecodeSink();
    decoder.onEvent(new SseEvent("message", data, null), 42, sink);
    List<String> calls = new ArrayList<>(sink.calls);
    sink.usages.forEach(usage -> calls.add("usage " + usage));
    return calls;
  }
}
