package dev.tokenstorm.testkit.server;

import java.util.Objects;

/**
 * One write the server made and flushed to the socket.
 *
 * @param writtenNanos {@link System#nanoTime()} just before the flush that sent the write. A client
 *     in the same JVM never receives the bytes earlier, and a server thread descheduled during the
 *     flush does not make the recorded time later than the send. When the client does not read and the socket's send buffer is full, the flush
 *     blocks and the bytes leave later than this time.
 * @param kind what the write contained
 * @param tokens output tokens it carried (reasoning or content), 0 for none
 */
public record EventTruth(long writtenNanos, EventKind kind, int tokens) {

  /** Checks for null. */
  public EventTruth {
    Objects.requireNonNull(kind, "kind");
  }

  /** Returns whether this write carried output tokens. */
  public boolean carriesTokens() {
    return tokens > 0;
  }
}
