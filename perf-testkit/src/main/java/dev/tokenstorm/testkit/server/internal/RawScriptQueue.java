package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.RawScript;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/** Raw scripts waiting for requests, in FIFO order per path. Thread-safe. */
public final class RawScriptQueue {

  private static final String ANY_PATH = "*";

  private final Map<String, Queue<RawScript>> byPath = new ConcurrentHashMap<>();

  /** Queues {@code script} for the next request on {@code path}, or on any path when null. */
  public void add(@Nullable String path, RawScript script) {
    String key = path == null ? ANY_PATH : Router.normalize(path);
    byPath.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(script);
  }

  /** Takes the script for a request on {@code path}: one queued for that path first, else one for any path. */
  public @Nullable RawScript poll(String path) {
    Queue<RawScript> exact = byPath.get(path);
    RawScript script = exact == null ? null : exact.poll();
    if (script != null) {
      return script;
    }
    Queue<RawScript> any = byPath.get(ANY_PATH);
    return any == null ? null : any.poll();
  }

  /** Returns how many scripts wait. */
  public int size() {
    return byPath.values().stream().mapToInt(Queue::size).sum();
  }

  /** Drops every waiting script. */
  public void clear() {
    byPath.clear();
  }
}
