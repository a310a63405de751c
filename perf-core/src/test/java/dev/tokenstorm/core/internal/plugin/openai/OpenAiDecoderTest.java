package dev.tokenstorm.core.internal.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.SseEvent;
import dev.tokenstorm.api.plugin.Usage;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OpenAiDecoderTest {

  private final ResponseDecoder decoder = new OpenAiPlugin().newDecoder(PluginRequest.of("{}", true));
  private final RecordingDecodeSink sink = new RecordingDecodeSink();

  @Test
  void roleOnlyChunkReportsNothing() {
    event("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}", 5);

    assertThat(sink.calls).isEmpty();
  }

  @Test
  void contentDeltaIsContentToken() {
    event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}", 7);

    assertThat(sink.calls).containsExactly("token CONTENT 'Hel' @7");
  }

  @Test
  void usageOnlyChunkReportsAllCounts() {
    event(
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,"
            + "\"total_tokens\":42,\"prompt_tokens_details\":{\"cached_tokens\":8},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":20}}}",
        9);

    assertThat(sink.calls).isEmpty();
    assertThat(sink.usages)
        .containsExactly(
            new Usage(OptionalInt.of(12), OptionalInt.of(30), OptionalInt.of(20), OptionalInt.of(8)));
  }

  @Test
  void nullOrEmptyUsageIsIgnored() {
    event("{\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":null}", 1);
    event("{\"choices\":[],\"usage\":{}}", 2);

    assertThat(sink.usages).isEmpty();
  }

  @Test
  void reasoningFieldsAreReasoningTokens() {
    event("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}", 1);
    event("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"more\",\"content\":null}}]}", 2);
    event(
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"same\",\"reasoning\":\"same\"}}]}",
        3);

    assertThat(sink.calls)
        .containsExactly(
            "token REASONING 'think' @1", "token REASONING 'more' @2", "token REASONING 'same' @3");
  }

  @Test
  void toolCallDeltasAreToolCallTokens() {
    event(
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
        1);
    event(
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
        2);
    event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}", 3);
    event("{\"choices\":[{\"delta\":{\"function_call\":{\"arguments\":\"x\"}}}]}", 4);

    assertThat(sink.calls)
        .containsExactly(
            "token TOOL_CALL '' @1", "token TOOL_CALL '{\"city\":' @2", "token TOOL_CALL 'x' @4");
  }

  @Test
  void refusalDeltaIsRefusalToken() {
    event("{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't\"}}]}", 1);

    assertThat(sink.calls).containsExactly("token REFUSAL 'I can't' @1");
  }

  @Test
  void completionsChunkTextIsContent() {
    event(
        "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\" world\","
            + "\"finish_reason\":null}]}",
        4);
    event("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"\"}]}", 5);

    assertThat(sink.calls).containsExactly("token CONTENT ' world' @4");
  }

  @Test
  void onlyFirstChoiceDrivesTokens() {
    event("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"second\"}}]}", 1);
    event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"}}]}", 2);

    assertThat(sink.calls).containsExactly("token CONTENT 'first' @2");
  }

  @Test
  void errorObjectFailsWithItsMessage() {
    event(
        "{\"error\":{\"message\":\"context length exceeded\",\"type\":\"invalid_request_error\","
            + "\"code\":400}}",
        1);

    assertThat(sink.calls).containsExactly("fail context length exceeded");
  }

  @Test
  void errorWithoutMessageFailsWithItsJson() {
    event("{\"error\":{\"code\":500}}", 1);

    assertThat(sink.calls).containsExactly("fail {\"code\":500}");
  }

  @Test
  void errorEventTypeFails() {
    decoder.onEvent(new SseEvent("error", "{\"message\":\"overloaded\"}", null), 1, sink);
    decoder.onEvent(new SseEvent("error", "plain text", null), 2, sink);

    assertThat(sink.calls).containsExactly("fail overloaded", "fail plain text");
  }

  @Test
  void nullErrorMemberIsNotAFailure() {
    event("{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}", 1);

    assertThat(sink.calls).containsExactly("token CONTENT 'ok' @1");
  }

  @Test
  void malformedJsonIsCountedAndDecodingGoesOn() {
    event("{\"choices\":[{\"delta\":", 1);
    event("[1,2]", 2);
    event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"next\"}}]}", 3);

    assertThat(sink.calls)
        .containsExactly(
            "malformed event data is not a JSON object (invalid JSON): {\"choices\":[{\"delta\":",
            "malformed event data is not a JSON object: [1,2]",
            "token CONTENT 'next' @3");
  }

  @Test
  void doneMarkerReportsDone() {
    event("[DONE]", 11);

    assertThat(sink.calls).containsExactly("done @11");
  }

  @Test
  void blankDataIsIgnored() {
    event("  ", 1);

    assertThat(sink.calls).isEmpty();
  }

  @Test
  void wholeChatBodyReportsEachKindOnce() {
    decoder.onBody(
        "application/json",
        "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"reasoning_content\":\"hmm\",\"content\":\"Hello\",\"tool_calls\":[{\"id\":\"c\","
            + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}",
        20,
        sink);

    assertThat(sink.calls)
        .containsExactly(
            "token REASONING 'hmm' @20", "token CONTENT 'Hello' @20", "token TOOL_CALL '{}' @20");
    assertThat(sink.usages).containsExactly(Usage.of(3, 5));
  }

  @Test
  void wholeCompletionsBodyReportsText() {
    decoder.onBody(
        "application/json",
        "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"abc\"}]}",
        8,
        sink);

    assertThat(sink.calls).containsExactly("token CONTENT 'abc' @8");
  }

  @Test
  void wholeBodyErrorFails() {
    decoder.onBody("application/json", "{\"error\":{\"message\":\"bad model\"}}", 1, sink);

    assertThat(sink.calls).containsExactly("fail bad model");
  }

  @Test
  void wholeBodyThatIsNotJsonFails() {
    decoder.onBody("text/html", "<html>gateway</html>", 1, sink);

    assertThat(sink.calls)
        .containsExactly("fail response is not JSON (content type text/html): <html>gateway</html>");
  }

  private void event(String data, long arrivalNanos) {
    decoder.onEvent(SseEvent.message(data), arrivalNanos, sink);
  }
}
