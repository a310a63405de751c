package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.testkit.server.Fault;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/models}: lists the server's model ids as {@code {"object":"list","data":[{"id":…,
 * "object":"model","created":…,"owned_by":"tokenstorm"}]}}, at once and without capacity limits.
 */
final class ModelsEndpoint implements EndpointHandler {

  private final ServerContext context;

  ModelsEndpoint(ServerContext context) {
    this.context = context;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public boolean requiresJsonBody() {
    return false;
  }

  @Override
  public void handle(Exchange exchange, @Nullable JsonNode body, @Nullable Fault fault)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    if (fault instanceof Fault.SlowHeaders slow) {
      start += slow.delay().toNanos();
    }
    ObjectNode root = context.mapper().createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String model : context.models()) {
      ObjectNode entry = data.addObject();
      entry.put("id", model);
      entry.put("object", "model");
      entry.put("created", GenerationEndpoint.created());
      entry.put("owned_by", "tokenstorm");
    }
    context.bodyResponder().respond(exchange, root.toString(), 0, 0, start, fault);
  }
}
