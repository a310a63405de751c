package dev.tokenstorm.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.result.RunReport;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.RunningPerf;
import dev.tokenstorm.testkit.sink.RecordingSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-server lifecycle of {@code api("local")}: a shell script starts the simulated server in
 * a child JVM, the run waits for {@code /v1/models}, sends its requests, and stops the whole process
 * tree afterwards, also when the server never becomes ready or dies mid-run.
 */
@Timeout(60)
class LocalServerLifecycleTest {

  @TempDir Path dir;

  @Test
  void serverIsStartedUsedAndStoppedWithItsChildren() throws Exception {
    int port = freePort();
    Path pidFile = dir.resolve("server.pid");
    RecordingSink sink = new RecordingSink();
    RunReport report = PerfRun.builder()
        .api("local")
        .model("local-m")
        .port(port)
        .localServerCommand(List.of(script().toString(), "{port}", pidFile.toString(), "0"))
        .localServerStartupTimeout(Duration.ofSeconds(30))
        .prompt("hello local")
        .number(4)
        .maxTokens(8)
        .noOutputFiles()
        .sink(sink)
        .build()
        .run()
        .single();

    assertThat(report.successRequests()).isEqualTo(4);
    assertThat(report.run().url()).isEqualTo("http://127.0.0.1:" + port + "/v1/chat/completions");
    assertThat(sink.records()).allSatisfy(r -> assertThat(r.completionTokens()).hasValue(8));
    assertExited(readPid(pidFile));
  }

  @Test
  void serverThatNeverBecomesReadyFailsTheRunWithinTheTimeout() throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    long start = System.nanoTime();
    assertThatThrownBy(() -> PerfRun.builder()
            .api("local_vllm")
            .model("m")
            .port(freePort())
            .localServerCommand(List.of("sh", "-c",
                "echo loading weights; sleep 60 & echo $! > " + pidFile + "; wait"))
            .localServerStartupTimeout(Duration.ofMillis(1200))
            .prompt("hi")
            .noOutputFiles()
            .build()
            .run())
        .isInstanceOf(PerfRunException.class)
        .hasMessageContaining("server timed out: GET http://127.0.0.1:")
        .hasMessageContaining("within 1200 ms")
        .hasMessageContaining("loading weights");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertExited(readPid(pidFile));
  }

  @Test
  void serverThatExitsBeforeReadyIsReportedWithItsOutput() {
    assertThatThrownBy(() -> PerfRun.builder()
            .api("local")
            .model("m")
            .port(freePort())
            .localServerCommand(List.of("sh", "-c", "echo no GPU found; exit 7"))
            .localServerStartupTimeout(Duration.ofSeconds(20))
            .prompt("hi")
            .noOutputFiles()
            .build()
            .run())
        .isInstanceOf(PerfRunException.class)
        .hasMessageContaining("exited with code 7")
        .hasMessageContaining("no GPU found");
  }

  @Test
  void serverThatDiesMidRunFailsLaterRequestsAndIsCleanedUp() throws Exception {
    int port = freePort();
    Path pidFile = dir.resolve("dying.pid");
    RecordingSink sink = new RecordingSink();
    RunReport report = PerfRun.builder()
        .api("local")
        .model("m")
        .port(port)
        .localServerCommand(List.of(script().toString(), "{port}", pidFile.toString(), "1500"))
        .localServerStartupTimeout(Duration.ofSeconds(30))
        .prompt("hello")
        .number(400)
        .maxTokens(8)
        .duration(Duration.ofSeconds(20))
        .noOutputFiles()
        .sink(sink)
        .build()
        .run()
        .single();

    assertThat(report.successRequests()).isPositive();
    assertThat(report.failedRequests()).isPositive();
    assertThat(report.totalRequests())
        .isEqualTo(report.successRequests() + report.failedRequests());
    assertExited(readPid(pidFile));
  }

  @Test
  void cancelWhileWaitingForReadinessStopsTheServer() throws Exception {
    Path pidFile = dir.resolve("cancel.pid");
    RunningPerf running = PerfRun.builder()
        .api("local")
        .model("m")
        .port(freePort())
        .localServerCommand(List.of("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"))
        .localServerStartupTimeout(Duration.ofSeconds(40))
        .prompt("hi")
        .noOutputFiles()
        .build()
        .start();
    long pid = readPid(pidFile);
    running.cancel();

    assertThatThrownBy(running::await).hasMessageContaining("cancelled");
    assertExited(pid);
  }

  /** Writes a script that runs {@link SimulatedServerMain} in a child JVM with the test class path. */
  private Path script() throws IOException {
    Path script = dir.resolve("start-server.sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo starting the simulated server on port $1\n"
        + "'" + java + "' -cp '" + classPath + "' " + SimulatedServerMain.class.getName()
        + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits up to 10 s for the pid file, which the server process writes when it starts. */
  private static long readPid(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile)) {
        String text = Files.readString(pidFile).strip();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the server process did not write " + pidFile);
  }

  private static void assertExited(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("process %d is still running", pid)
        .isFalse();
  }
}
