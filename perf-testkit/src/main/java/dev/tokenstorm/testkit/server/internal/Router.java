package dev.tokenstorm.testkit.server.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Maps request paths to endpoint handlers. Thread-safe. */
public final class Router {

  private final Map<String, EndpointHandler> handlers = new ConcurrentHashMap<>();

  /** Registers {@code handler} for {@code path}, replacing any earlier one. */
  public void register(String path, EndpointHandler handler) {
    handlers.put(normalize(path), handler);
  }

  /** Returns the handler for {@code path}, or empty. */
  public Optional<EndpointHandler> find(String path) {
    return Optional.ofNullable(handlers.get(normalize(path)));
  }

  /** Returns the registered paths. */
  public Set<String> paths() {
    return Set.copyOf(handlers.keySet());
  }

  /** Drops the query string and any trailing slash, except from {@code /}. */
  public static String normalize(String target) {
    int query = target.indexOf('?');
    String path = query >= 0 ? target.substring(0, query) : target;
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }
}
