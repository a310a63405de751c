package dev.tokenstorm.testkit.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An exact byte sequence the server writes in response to one request, status line and headers
 * included, with flushes, pauses and the way the connection ends.
 *
 * <p>The server reads the request in full, records it, then plays the steps in order. Written bytes
 * are buffered, whatever their size, until a {@link Step.Flush} step.
 * After the last step the server flushes and closes the connection with a FIN, unless the script
 * ended it already with {@link Step.Close} or {@link Step.Reset}. A raw script never waits for
 * capacity and no fault is applied to it. {@link RawScripts} has ready-made scripts.
 *
 * <p>Immutable and thread-safe.
 *
 * {@snippet :
 * RawScript script = RawScript.builder("two-parts")
 *     .write(RawScript.SSE_HEADERS)
 *     .write("data: {\"choices\":[{\"delta\":{\"content\":\"he").flush()
 *     .sleep(Duration.ofMillis(5))
 *     .write("llo\"}}]}\n\ndata: [DONE]\n\n").flush()
 *     .build();
 * server.enqueueRaw("/v1/chat/completions", script);
 * }
 */
public final class RawScript {

  /**
   * Status line and headers of a 200 event stream whose body ends when the connection closes:
   * {@code HTTP/1.1 200 OK}, {@code Content-Type: text/event-stream}, {@code Cache-Control:
   * no-cache}, {@code Connection: close}, each ended by CRLF, then an empty line.
   */
  public static final String SSE_HEADERS =
      "HTTP/1.1 200 OK\r\n"
          + "Content-Type: text/event-stream\r\n"
          + "Cache-Control: no-cache\r\n"
          + "Connection: close\r\n"
          + "\r\n";

  private final String name;
  private final List<Step> steps;

  private RawScript(String name, List<Step> steps) {
    this.name = name;
    this.steps = List.copyOf(steps);
  }

  /** Returns a builder for a script called {@code name}; the name is recorded in the truth. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the script's name. */
  public String name() {
    return name;
  }

  /** Returns the steps in play order. */
  public List<Step> steps() {
    return steps;
  }

  /** Returns every byte the script writes, in order: what a client receives before the end. */
  public byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Step step : steps) {
      if (step instanceof Step.Write write) {
        all.writeBytes(write.bytes());
      }
    }
    return all.toByteArray();
  }

  /**
   * Returns the bytes after the first empty line ({@code \r\n\r\n}), which is what an HTTP client
   * reads as the body; all bytes if there is no empty line.
   */
  public byte[] bodyBytes() {
    byte[] all = bytes();
    for (int i = 0; i + 3 < all.length; i++) {
      if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
        return Arrays.copyOfRange(all, i + 4, all.length);
      }
    }
    return all;
  }

  /** Returns whether the script ends the connection with a TCP RST. */
  public boolean endsWithReset() {
    return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Step.Reset;
  }

  @Override
  public String toString() {
    return "RawScript[" + name + ", " + steps.size() + " steps]";
  }

  /** One step of a raw script. */
  public sealed interface Step {

    /** Writes bytes into the send buffer. */
    record Write(byte[] bytes) implements Step {
      /** Copies the bytes. */
      public Write {
        bytes = bytes.clone();
      }

      /** Returns a copy of the bytes. */
      @Override
      public byte[] bytes() {
        return bytes.clone();
      }

      @Override
      public boolean equals(Object other) {
        return other instanceof Write write && Arrays.equals(bytes, write.bytes);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(bytes);
      }

      @Override
      public String toString() {
        return "Write[" + bytes.length + " bytes]";
      }
    }

    /** Sends the buffered bytes now; the flush time is recorded as a {@link EventKind#RAW} event. */
    record Flush() implements Step {}

    /** Pauses; buffered bytes stay unsent. */
    record Sleep(Duration duration) implements Step {
      /** Checks that the pause is not negative. */
      public Sleep {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
          throw new IllegalArgumentException("sleep must not be negative, got " + duration);
        }
      }
    }

    /** Flushes, then closes the connection with a TCP FIN. */
    record Close() implements Step {}

    /** Discards unsent bytes and resets the connection with a TCP RST ({@code SO_LINGER} 0). */
    record Reset() implements Step {}
  }

  /** Collects steps; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private boolean ended;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds a write of {@code text} encoded as UTF-8. */
    public Builder write(String text) {
      return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a write of {@code bytes}. */
    public Builder write(byte[] bytes) {
      return add(new Step.Write(bytes));
    }

    /** Adds a flush. */
    public Builder flush() {
      return add(new Step.Flush());
    }

    /** Adds a pause. */
    public Builder sleep(Duration duration) {
      return add(new Step.Sleep(duration));
    }

    /** Ends the script with a flush and a TCP FIN. */
    public Builder close() {
      add(new Step.Close());
      ended = true;
      return this;
    }

    /** Ends the script with a TCP RST, dropping unflushed bytes. */
    public Builder reset() {
      add(new Step.Reset());
      ended = true;
      return this;
    }

    /** Returns the script. */
    public RawScript build() {
      return new RawScript(name, steps);
    }

    private Builder add(Step step) {
      if (ended) {
        throw new IllegalStateException(
            "raw script '" + name + "' already ends with close() or reset(); add steps before it");
      }
      steps.add(step);
      return this;
    }
  }
}
