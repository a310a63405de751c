package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Handles the requests on one path. One implementation per endpoint family; new endpoints (for
 * example responses, embeddings, rerank) register one in {@link Router}.
 *
 * <p>The dispatcher has already handled raw scripts, unknown paths, wrong methods, missing or
 * invalid JSON bodies (when {@link #requiresJsonBody()}), and the status faults ({@link
 * Fault.HttpError}, {@link Fault.RateLimited}). A handler applies every other fault it is given,
 * normally through {@link EventStreamer} and {@link BodyResponder}. Handlers are shared by all
 * connections and must be thread-safe.
 */
public interface EndpointHandler {

  /** Returns the one HTTP method this endpoint accepts, such as {@code POST}. */
  String method();

  /** Returns whether the request must carry a JSON object body. */
  boolean requiresJsonBody();

  /**
   * Responds to one request.
   *
   * @param body the parsed JSON body; never null when {@link #requiresJsonBody()} is true
   * @param fault the fault to apply, or null
   * @throws InterruptedException if the server closes while the handler waits
   */
  void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException;
}
