package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared flow of text-generation endpoints: parse, plan, wait for capacity, then stream or
 * respond in one body. Subclasses supply the prompt count and the response shapes.
 */
abstract class GenerationEndpoint implements EndpointHandler {

  protected final ServerContext context;

  GenerationEndpoint(ServerContext context) {
    this.context = context;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public boolean requiresJsonBody() {
    return true;
  }

  @Override
  public void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException {
    JsonNode json = Objects.requireNonNull(body, "body");
    GenerationRequest request;
    try {
      request = GenerationRequest.parse(json, context.defaultModel(), promptTokens(json));
    } catch (InvalidRequestException e) {
      ErrorResponses.send(exchange, context.mapper(), 400, e.getMessage());
      return;
    }
    exchange.truth().promptTokens(request.promptTokens());
    GenerationPlan plan = GenerationPlan.create(
        exchange.profile(),
        request.promptTokens(),
        request.maxTokens(),
        supportsReasoning(),
        request.stream() && supportsRoleChunk() && exchange.profile().roleChunkFirst(),
        request.stream() && request.includeUsage(),
        exchange.truth().index());

    CapacityGate capacity = context.capacity();
    capacity.acquire();
    try {
      long start = System.nanoTime();
      exchange.truth().admitted(start);
      if (fault instanceof Fault.SlowHeaders slow) {
        start += slow.delay().toNanos();
        context.pacer().sleepUntil(start);
      }
      long index = exchange.truth().index();
      if (request.stream()) {
        context.streamer().stream(exchange, plan, streamFormat(request, plan, index), start, fault);
      } else {
        boolean marker = fault instanceof Fault.InvalidUtf8AfterEvents;
        context.bodyResponder().respond(
            exchange,
            body(request, plan, index, marker),
            plan.outputTokens(),
            plan.reasoningTokens(),
            start + plan.lastTokenOffsetNanos(),
            fault);
      }
    } finally {
      capacity.release();
    }
  }

  /** Returns the prompt's token count, checking the prompt field. */
  abstract int promptTokens(JsonNode body) throws InvalidRequestException;

  /** Returns whether this endpoint sends reasoning tokens. */
  abstract boolean supportsReasoning();

  /** Returns whether this endpoint's stream can start with a role-only chunk. */
  abstract boolean supportsRoleChunk();

  /** Returns the stream format for one request. */
  abstract StreamFormat streamFormat(GenerationRequest request, GenerationPlan plan, long index);

  /**
   * Returns the non-streamed JSON body.
   *
   * @param invalidUtf8Marker whether to start the completion text with {@link
   *     BodyResponder#INVALID_UTF8_MARKER}
   */
  abstract String body(
      GenerationRequest request, GenerationPlan plan, long index, boolean invalidUtf8Marker);

  /** Returns the {@code created} value: the current epoch second. */
  static long created() {
    return System.currentTimeMillis() / 1000;
  }
}
