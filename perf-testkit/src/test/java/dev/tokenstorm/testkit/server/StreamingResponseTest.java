package dev.tokenstorm.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamingResponseTest {

  /** Median lateness of server writes against their deadlines that the tests accept. */
  private static final long MEDIAN_LATENESS_NANOS = 20_000_000L;

  /**
   * Largest lateness of a single write that the tests accept. It is generous because a busy 2-core
   * CI machine can deschedule the writing thread for many milliseconds.
   */
  private static final long MAX_LATENESS_NANOS = 50_000_000;

  private final TestClient client = new TestClient();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void streamedChatFollowsScriptedTtftAndItl() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(60))
        .interTokenDelay(Duration.ofMillis(15))
        .outputTokens(20)
        .start()) {
      TestClient.Streamed streamed =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, true));
      RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);

      assertThat(streamed.status()).isEqualTo(200);
      // role, 20 tokens, finish, usage, [DONE]
      assertThat(streamed.events()).hasSize(24);
      assertThat(streamed.textEvents()).hasSize(20);
      assertThat(truth.events()).hasSize(24);
      assertThat(truth.tokenEvents()).hasSize(20);
      assertThat(truth.outputTokens()).isEqualTo(20);
      assertThat(truth.outcome()).isEqualTo(RequestOutcome.COMPLETED);
      assertThat(truth.events().get(0).kind()).isEqualTo(EventKind.ROLE);

      long start = truth.admittedNanos().orElseThrow();
      List<Long> scheduled = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        scheduled.add(start + 60_000_000L + i * 15_000_000L);
      }
      assertOnSchedule(truth.tokenEvents(), scheduled);

      long clientTtft = streamed.textEvents().get(0).arrivalNanos() - streamed.sentNanos();
      assertThat(clientTtft).isGreaterThanOrEqualTo(60_000_000L);
      long[] clientMinusServer = new long[truth.events().size()];
      for (int i = 0; i < clientMinusServer.length; i++) {
        clientMinusServer[i] =
            Math.abs(streamed.events().get(i).arrivalNanos() - truth.events().get(i).writtenNanos());
      }
      // Both clocks are System.nanoTime() in one JVM, so arrivals follow writes closely.
      assertThat(median(clientMinusServer))
          .as("median distance between client arrival and server write")
          .isLessThan(20_000_000L);
    }
  }

  @Test
  void streamedChatChunksHaveOpenAiShape() throws Exception {
    try (SimulatedLlmServer server = fastServer().outputTokens(3).start()) {
      TestClient.Streamed streamed =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

      List<TestClient.ClientEvent> events = streamed.events();
      JsonNode role = events.get(0).json();
      assertThat(role.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(role.path("choices").path(0).path("delta").path("role").asText())
          .isEqualTo("assistant");
      assertThat(role.path("choices").path(0).path("delta").path("content").asText()).isEmpty();
      StringBuilder text = new StringBuilder();
      for (TestClient.ClientEvent event : streamed.textEvents()) {
        text.append(event.json().path("choices").path(0).path("delta").path("content").asText());
      }
      assertThat(text).hasToString("tok0 tok1 tok2");
      JsonNode finish = events.get(events.size() - 2).json();
      assertThat(finish.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
      assertThat(events.get(events.size() - 1).isDone()).isTrue();
    }
  }

  @Test
  void eventsDueTogetherShareOneFlush() throws Exception {
    try (SimulatedLlmServer server =
        fastServer().interTokenDelay(Duration.ofMillis(20)).outputTokens(2).start()) {
      client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, true));
      RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);

      List<EventTruth> events = truth.events();
      assertThat(events).extracting(EventTruth::kind).containsExactly(
          EventKind.ROLE, EventKind.CONTENT, EventKind.CONTENT, EventKind.FINISH, EventKind.USAGE,
          EventKind.DONE);
      // The role chunk goes out with the headers, and finish, usage and [DONE] with the last token.
      assertThat(events.get(0).writtenNanos()).isEqualTo(truth.headersWrittenNanos().orElseThrow());
      assertThat(events.subList(2, 6)).extracting(EventTruth::writtenNanos)
          .containsOnly(events.get(2).writtenNanos());
      // Token events 20 ms apart share a flush only when the server falls that far behind.
      assertThat(events.get(1).writtenNanos()).isLessThanOrEqualTo(events.get(2).writtenNanos());
    }
  }

  @Test
  void usageChunkSentOnlyWhenRequested() throws Exception {
    try (SimulatedLlmServer server = fastServer().outputTokens(4).start()) {
      TestClient.Streamed without =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));
      TestClient.Streamed with =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, true));

      assertThat(without.events()).noneMatch(event -> event.data().contains("\"usage\""));
      assertThat(with.events()).hasSize(without.events().size() + 1);
      JsonNode usageChunk = with.events().get(with.events().size() - 2).json();
      assertThat(usageChunk.path("choices").isArray()).isTrue();
      assertThat(usageChunk.path("choices")).isEmpty();
      assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
      assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
      assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(7);
      List<RequestTruth> truth = server.awaitCompleted(2, Duration.ofSeconds(5));
      assertThat(truth.get(0).events()).noneMatch(event -> event.kind() == EventKind.USAGE);
      assertThat(truth.get(1).events()).filteredOn(event -> event.kind() == EventKind.USAGE)
          .hasSize(1);
    }
  }

  @Test
  void maxTokensCapsOutputAndReportsLength() throws Exception {
    try (SimulatedLlmServer server = fastServer().outputTokens(8).start()) {
      String body = "{\"stream\":true,\"max_tokens\":3,\"stream_options\":{\"include_usage\":true},"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      TestClient.Streamed streamed = client.stream(server.chatCompletionsUrl(), body);

      assertThat(streamed.textEvents()).hasSize(3);
      List<TestClient.ClientEvent> events = streamed.events();
      assertThat(events.get(events.size() - 3).json().path("choices").path(0)
          .path("finish_reason").asText()).isEqualTo("length");
      assertThat(events.get(events.size() - 2).json().path("usage").path("completion_tokens")
          .asInt()).isEqualTo(3);
    }
  }

  @Test
  void tokensPerChunkGroupsTokensAndScalesGaps() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .ttft(Duration.ofMillis(10))
        .interTokenDelay(Duration.ofMillis(5))
        .tokensPerChunk(3)
        .outputTokens(7)
        .roleChunkFirst(false)
        .start()) {
      TestClient.Streamed streamed =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));
      RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);

      List<String> texts = streamed.textEvents().stream()
          .map(event -> {
            try {
              return event.json().path("choices").path(0).path("delta").path("content").asText();
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          })
          .toList();
      assertThat(texts).containsExactly("tok0 tok1 tok2", " tok3 tok4 tok5", " tok6");
      assertThat(truth.tokenEvents()).extracting(EventTruth::tokens).containsExactly(3, 3, 1);
      long start = truth.admittedNanos().orElseThrow();
      // Events carry 3, 3 and 1 tokens: due at ttft, then 3 × 5 ms and 1 × 5 ms later.
      assertOnSchedule(truth.tokenEvents(),
          List.of(start + 10_000_000L, start + 25_000_000L, start + 30_000_000L));
      assertThat(truth.events().get(0).kind()).isEqualTo(EventKind.CONTENT);
    }
  }

  @Test
  void reasoningTokensPrecedeContent() throws Exception {
    try (SimulatedLlmServer server = fastServer().reasoningTokens(2).outputTokens(3).start()) {
      TestClient.Streamed streamed =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, true));
      RequestTruth truth = server.awaitCompleted(1, Duration.ofSeconds(5)).get(0);

      List<TestClient.ClientEvent> text = streamed.textEvents();
      assertThat(text).hasSize(5);
      assertThat(text.get(0).json().path("choices").path(0).path("delta")
          .path("reasoning_content").asText()).isEqualTo("think0");
      assertThat(text.get(2).json().path("choices").path(0).path("delta").path("content").asText())
          .isEqualTo("tok0");
      JsonNode usage = streamed.events().get(streamed.events().size() - 2).json().path("usage");
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(5);
      assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt())
          .isEqualTo(2);
      assertThat(truth.tokenEvents()).extracting(EventTruth::kind).containsExactly(
          EventKind.REASONING, EventKind.REASONING, EventKind.CONTENT, EventKind.CONTENT,
          EventKind.CONTENT);
      assertThat(truth.reasoningTokens()).isEqualTo(2);
      assertThat(truth.outputTokens()).isEqualTo(5);
    }
  }

  @Test
  void completionsEndpointStreamsTextCompletionChunks() throws Exception {
    try (SimulatedLlmServer server = fastServer().outputTokens(3).start()) {
      String body = "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          + "\"prompt\":\"a b c d\"}";
      TestClient.Streamed streamed = client.stream(server.completionsUrl(), body);

      // 3 tokens, finish, usage, [DONE]; no role chunk
      assertThat(streamed.events()).hasSize(6);
      JsonNode first = streamed.events().get(0).json();
      assertThat(first.path("object").asText()).isEqualTo("text_completion");
      assertThat(first.path("choices").path(0).path("text").asText()).isEqualTo("tok0");
      JsonNode usage = streamed.events().get(4).json();
      assertThat(usage.path("choices")).isEmpty();
      assertThat(usage.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
      assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }
  }

  @Test
  void profileChangeAppliesToLaterRequests() throws Exception {
    try (SimulatedLlmServer server = fastServer().outputTokens(5).start()) {
      TestClient.Streamed before =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));
      server.updateProfile(profile -> profile.withOutputTokens(2).withRoleChunkFirst(false));
      TestClient.Streamed after =
          client.stream(server.chatCompletionsUrl(), TestClient.chatBody(true, false));

      assertThat(before.textEvents()).hasSize(5);
      assertThat(after.textEvents()).hasSize(2);
      assertThat(after.events().get(0).carriesText()).isTrue();
      assertThat(server.profile().outputTokens()).isEqualTo(2);
    }
  }

  /**
   * Checks that no event was written before its deadline, that the median lateness is small and
   * that no event is far late. A schedule that drifted would show a growing lateness.
   */
  private static void assertOnSchedule(List<EventTruth> events, List<Long> deadlines) {
    assertThat(events).hasSameSizeAs(deadlines);
    long[] lateness = new long[events.size()];
    for (int i = 0; i < lateness.length; i++) {
      lateness[i] = events.get(i).writtenNanos() - deadlines.get(i);
      assertThat(lateness[i]).as("lateness of event %d", i)
          .isBetween(0L, MAX_LATENESS_NANOS);
    }
    assertThat(median(lateness)).as("median lateness").isLessThan(MEDIAN_LATENESS_NANOS);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static SimulatedLlmServer.Builder fastServer() {
    return SimulatedLlmServer.builder().ttft(Duration.ofMillis(5)).interTokenDelay(Duration.ofMillis(1));
  }
}
