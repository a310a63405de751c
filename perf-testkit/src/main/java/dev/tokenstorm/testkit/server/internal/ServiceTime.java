package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.GenerationProfile;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The timing of non-generating endpoints (embeddings, rerank): wait for capacity, then write the
 * body after the profile's TTFT plus the prefill time of the input tokens. Stateless.
 */
final class ServiceTime {

  private ServiceTime() {}

  /**
   * Writes {@code json} at its deadline under the capacity limit, applying {@code fault}.
   *
   * @param inputTokens the request's input tokens, for the prefill delay
   */
  static void respond(ServerContext context, Exchange exchange, String json, int inputTokens,
      @Nullable Fault fault) throws IOException, InterruptedException {
    GenerationProfile profile = exchange.profile();
    CapacityGate capacity = context.capacity();
    capacity.acquire();
    try {
      long start = System.nanoTime();
      exchange.truth().admitted(start);
      if (fault instanceof Fault.SlowHeaders slow) {
        start += slow.delay().toNanos();
      }
      long prefill = profile.prefillPerPromptToken().toNanos() * inputTokens;
      long deadline = start + profile.ttft().toNanos() + prefill;
      context.bodyResponder().respond(exchange, json, 0, 0, deadline, fault);
    } finally {
      capacity.release();
    }
  }
}
