package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.RawScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Plays a {@link RawScript} on an exchange's connection. Stateless apart from the pacer. */
final class RawScriptPlayer {

  private final Pacer pacer;

  RawScriptPlayer(Pacer pacer) {
    this.pacer = pacer;
  }

  /**
   * Plays every step, then flushes and closes the connection unless a step already ended it.
   * Written bytes collect in a buffer of the script's own until a flush step, whatever their size.
   */
  void play(Exchange exchange, RawScript script) throws IOException, InterruptedException {
    exchange.truth().rawScript(script.name());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (RawScript.Step step : script.steps()) {
      switch (step) {
        case RawScript.Step.Write write -> pending.writeBytes(write.bytes());
        case RawScript.Step.Flush flush -> send(exchange, pending);
        case RawScript.Step.Sleep sleep ->
            pacer.sleepUntil(System.nanoTime() + sleep.duration().toNanos());
        case RawScript.Step.Close close -> {
          finish(exchange, pending);
          return;
        }
        case RawScript.Step.Reset reset -> {
          exchange.resetConnection();
          return;
        }
      }
    }
    finish(exchange, pending);
  }

  private static void send(Exchange exchange, ByteArrayOutputStream pending) throws IOException {
    OutputStream out = exchange.rawOutput();
    pending.writeTo(out);
    pending.reset();
    exchange.flushRaw();
  }

  private static void finish(Exchange exchange, ByteArrayOutputStream pending) throws IOException {
    if (pending.size() > 0) {
      send(exchange, pending);
    }
    exchange.closeConnection(false);
  }
}
