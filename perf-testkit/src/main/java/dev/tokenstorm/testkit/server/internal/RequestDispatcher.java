package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.testkit.server.Fault;
import dev.tokenstorm.testkit.server.FaultRule;
import dev.tokenstorm.testkit.server.RawScript;
import dev.tokenstorm.testkit.server.RequestInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Decides how the server responds to a request: a queued raw script, an error for an unknown path, a wrong
 * method or an invalid body, a status fault, or the endpoint's handler with the request's fault.
 */
final class RequestDispatcher {

  private final ServerContext context;
  private final RawScriptPlayer rawPlayer;

  RequestDispatcher(ServerContext context) {
    this.context = context;
    this.rawPlayer = new RawScriptPlayer(context.pacer());
  }

  void dispatch(Exchange exchange) throws IOException, InterruptedException {
    HttpRequest request = exchange.request();
    RawScript script = context.rawScripts().poll(request.path());
    if (script != null) {
      rawPlayer.play(exchange, script);
      return;
    }

    Optional<EndpointHandler> found = context.router().find(request.path());
    if (found.isEmpty()) {
      ErrorResponses.send(exchange, context.mapper(), 404,
          "path not found: " + request.method() + " " + request.path()
              + ". This server serves " + String.join(", ", new TreeSet<>(context.router().paths())));
      return;
    }
    EndpointHandler handler = found.get();
    if (!handler.method().equals(request.method())) {
      ErrorResponses.send(exchange, context.mapper(), 405,
          request.method() + " is not allowed on " + request.path() + "; use " + handler.method(),
          null, Map.of("Allow", handler.method()));
      return;
    }
    JsonNode body = exchange.json();
    if (handler.requiresJsonBody() && !isValidBody(exchange, body)) {
      return;
    }

    Fault fault = selectFault(exchange, body);
    if (fault != null) {
      exchange.truth().fault(fault);
      if (sendStatusFault(exchange, fault)) {
        return;
      }
    }
    handler.handle(exchange, body, fault);
  }

  private boolean isValidBody(Exchange exchange, @Nullable JsonNode body) throws IOException {
    if (body != null && body.isObject()) {
      return true;
    }
    String message;
    if (exchange.jsonError() != null) {
      message = "request body is not valid JSON: " + exchange.jsonError();
    } else if (body == null) {
      message = "request body is empty; send a JSON object";
    } else {
      message = "request body must be a JSON object, got " + body.getNodeType();
    }
    ErrorResponses.send(exchange, context.mapper(), 400, message);
    return false;
  }

  private @Nullable Fault selectFault(Exchange exchange, @Nullable JsonNode body) {
    if (context.faultRules().isEmpty()) {
      return null;
    }
    HttpRequest request = exchange.request();
    RequestInfo info = new RequestInfo(
        exchange.truth().index(), request.method(), request.path(), request.headers(),
        Optional.ofNullable(body));
    for (FaultRule rule : context.faultRules()) {
      Optional<Fault> fault = rule.match(info);
      if (fault.isPresent()) {
        return fault.get();
      }
    }
    return null;
  }

  /** Sends the response of a status fault; returns false if {@code fault} is of another kind. */
  private boolean sendStatusFault(Exchange exchange, Fault fault) throws IOException {
    if (fault instanceof Fault.HttpError error) {
      ErrorResponses.send(exchange, context.mapper(), error.status(), error.message(),
          error.status(), Map.of());
      return true;
    }
    if (fault instanceof Fault.RateLimited limited) {
      Duration retryAfter = limited.retryAfter();
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      ErrorResponses.send(exchange, context.mapper(), 429,
          "simulated fault: rate limit reached, retry after " + retryAfter.toMillis() + " ms",
          "rate_limit_exceeded",
          Map.of("Retry-After", Long.toString(seconds),
              "retry-after-ms", Long.toString(retryAfter.toMillis())));
      return true;
    }
    return false;
  }
}
