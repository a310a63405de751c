package dev.tokenstorm.sla;

import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a {@link SimulatedLlmServer} in its own JVM, as a stand-in for a local inference server.
 * Arguments: {@code <port> <pid file>}. The process writes its pid to the pid file and serves on
 * 127.0.0.1:port until it is killed, at most two minutes.
 */
final class LocalServerMain {

  private LocalServerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = Integer.parseInt(args[0]);
    Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().port(port)
        .ttft(Duration.ofMillis(10)).interTokenDelay(Duration.ofMillis(2)).outputTokens(4)
        .start()) {
      System.out.println("simulated server ready on " + server.baseUrl());
      Thread.sleep(Duration.ofMinutes(2));
    }
  }
}
