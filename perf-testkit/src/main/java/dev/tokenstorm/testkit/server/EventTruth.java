package dev.tokenstorm.testkit.server;

import java.util.Objects;

/**
 * One write the server made and flushed to the socket.
 *
 * @param writtenNanos {@link System#nanoTime()} right after the flush returned
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
