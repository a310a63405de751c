package dev.tokenstorm.plugins;

import dev.tokenstorm.testkit.server.SimulatedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a {@link SimulatedLlmServer} in its own JVM, as a stand-in for a local inference server.
 *
 * <p>Arguments: {@code <port> <pid file> <die after ms>}. The process writes its pid to the pid
 * file, serves on 127.0.0.1:port, and halts with exit code 3 once {@code die after ms} (when
 * positive) have passed after the server started; otherwise it runs until it is killed, at most
 * two minutes.
 */
final class SimulatedServerMain {

  private SimulatedServerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = Integer.parseInt(args[0]);
    Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
    long dieAfterMillis = Long.parseLong(args[2]);
    SimulatedLlmServer server = SimulatedLlmServer.builder()
        .port(port)
        .ttft(Duration.ofMillis(10))
        .interTokenDelay(Duration.ofMillis(2))
        .outputTokens(8)
        .start();
    System.out.println("simulated server ready on " + server.baseUrl());
    if (dieAfterMillis > 0) {
      Thread.sleep(dieAfterMillis);
      System.out.println("simulated server dying now");
      Runtime.getRuntime().halt(3);
    }
    Thread.sleep(Duration.ofMinutes(2));
    server.close();
  }
}
