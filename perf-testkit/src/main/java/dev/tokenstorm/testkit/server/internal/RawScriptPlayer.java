package dev.tokenstorm.testkit.server.internal;

import dev.tokenstorm.testkit.server.RawScript;
import java.io.IOException;
import java.io.OutputStream;

/** Plays a {@link RawScript} on an exchange's connection. Stateless apart from the pacer. */
final class RawScriptPlayer {

  private final Pacer pacer;

  RawScriptPlayer(Pacer pacer) {
    this.pacer = pacer;
  }

  /** Plays every step, then flushes and closes the connection unless a step already ended it. */
  void play(Exchange exchange, RawScript script) throws IOException, InterruptedException {
    exchange.truth().rawScript(script.name());
    OutputStream out = exchange.rawOutput();
    boolean unflushed = false;
    for (RawScript.Step step : script.steps()) {
      switch (step) {
        case RawScript.Step.Write write -> {
          out.write(write.bytes());
          unflushed = true;
        }
        case RawScript.Step.Flush flush -> {
          exchange.flushRaw();
          unflushed = false;
        }
        case RawScript.Step.Sleep sleep ->
            pacer.sleepUntil(System.nanoTime() + sleep.duration().toNanos());
        case RawScript.Step.Close close -> {
          finish(exchange, unflushed);
          return;
        }
        case RawScript.Step.Reset reset -> {
          exchange.resetConnection();
          return;
        }
      }
    }
    finish(exchange, unflushed);
  }

  private static void finish(Exchange exchange, boolean unflushed) throws IOException {
    if (unflushed) {
      exchange.flushRaw();
    }
    exchange.closeConnection(false);
  }
}
