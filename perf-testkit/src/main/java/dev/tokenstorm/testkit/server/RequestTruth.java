package dev.tokenstorm.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the server received for one request and what it sent, and when: the reference that
 * client-side measurements are checked against.
 *
 * <p>A snapshot: a request still being served has outcome {@link RequestOutcome#IN_PROGRESS} and
 * the events written so far. All times are {@link System#nanoTime()} values.
 *
 * @param index the request's index on this server, from 0 after start or {@link
 *     SimulatedLlmServer#reset()}
 * @param connectionId the server's id of the TCP connection, from 0, in accept order
 * @param method the HTTP method
 * @param path the request path without the query string
 * @param headers request header values by lower-case name
 * @param body the request body decoded as UTF-8
 * @param json the parsed JSON body; empty when the body is empty or not valid JSON. Do not modify.
 * @param arrivalNanos when the request's last byte was read
 * @param admittedNanos when generation started after waiting for capacity; empty for responses
 *     that never wait (errors, status faults, models, raw scripts)
 * @param headersWrittenNanos when the status line and headers were flushed (taken just before the
 *     flush, like {@link EventTruth#writtenNanos()}); empty for raw scripts and for requests that
 *     ended before
 * @param status the HTTP status sent; empty for raw scripts
 * @param streamed whether the response was a server-sent event stream
 * @param events every flushed write after the headers, in order. Events due at the same moment
 *     (such as the finish, usage and {@code [DONE]} events) share one flush and one time, and a
 *     role-only chunk shares the flush of the headers.
 * @param completedNanos when handling ended (last byte flushed, connection reset or closed);
 *     empty while in progress
 * @param outcome how handling ended
 * @param promptTokens the prompt's token count as the server counts it (see {@link
 *     SimulatedLlmServer}); 0 for requests without a prompt
 * @param outputTokens output tokens (reasoning and content) actually written
 * @param reasoningTokens the reasoning part of {@code outputTokens}
 * @param fault the fault applied, if any
 * @param rawScript the name of the raw script played, if any
 */
public record RequestTruth(
    long index,
    long connectionId,
    String method,
    String path,
    Map<String, List<String>> headers,
    String body,
    Optional<JsonNode> json,
    long arrivalNanos,
    OptionalLong admittedNanos,
    OptionalLong headersWrittenNanos,
    OptionalInt status,
    boolean streamed,
    List<EventTruth> events,
    OptionalLong completedNanos,
    RequestOutcome outcome,
    int promptTokens,
    int outputTokens,
    int reasoningTokens,
    Optional<Fault> fault,
    Optional<String> rawScript) {

  /** Checks for nulls and copies the lists. */
  public RequestTruth {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(admittedNanos, "admittedNanos");
    Objects.requireNonNull(headersWrittenNanos, "headersWrittenNanos");
    Objects.requireNonNull(status, "status");
    events = List.copyOf(events);
    Objects.requireNonNull(completedNanos, "completedNanos");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(rawScript, "rawScript");
  }

  /** Returns the events that carried output tokens, in order. */
  public List<EventTruth> tokenEvents() {
    return events.stream().filter(EventTruth::carriesTokens).toList();
  }

  /** Returns when the first token-bearing event was flushed, or empty if none was. */
  public OptionalLong firstTokenNanos() {
    for (EventTruth event : events) {
      if (event.carriesTokens()) {
        return OptionalLong.of(event.writtenNanos());
      }
    }
    return OptionalLong.empty();
  }

  /** Returns when the last token-bearing event was flushed, or empty if none was. */
  public OptionalLong lastTokenNanos() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).carriesTokens()) {
        return OptionalLong.of(events.get(i).writtenNanos());
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Returns the gaps in nanoseconds between consecutive token-bearing events, the server-side
   * counterpart of inter-token latency.
   */
  public long[] interTokenGapsNanos() {
    List<EventTruth> tokens = tokenEvents();
    long[] gaps = new long[Math.max(0, tokens.size() - 1)];
    for (int i = 0; i < gaps.length; i++) {
      gaps[i] = tokens.get(i + 1).writtenNanos() - tokens.get(i).writtenNanos();
    }
    return gaps;
  }

  /** Returns the time from arrival to the first token-bearing event, or empty if none was sent. */
  public OptionalLong serverTtftNanos() {
    OptionalLong first = firstTokenNanos();
    return first.isPresent() ? OptionalLong.of(first.getAsLong() - arrivalNanos) : first;
  }

  /** Returns the time spent waiting for capacity, or empty if the request never waited for it. */
  public OptionalLong queueNanos() {
    return admittedNanos.isPresent()
        ? OptionalLong.of(admittedNanos.getAsLong() - arrivalNanos)
        : OptionalLong.empty();
  }
}
