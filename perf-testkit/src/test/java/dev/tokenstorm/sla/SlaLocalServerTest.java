package dev.tokenstorm.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.result.Metric;
import dev.tokenstorm.api.sla.Sla;
import dev.tokenstorm.api.sla.SlaPoint;
import dev.tokenstorm.api.sla.SlaResult;
import dev.tokenstorm.core.PerfRun;
import dev.tokenstorm.core.SlaTuning;
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
 * SLA tuning with {@code api("local")}: a shell script starts the simulated server in a child JVM
 * and appends a line to a log on every start, so the test can tell that one server served every
 * run of the tuning and was stopped at its end.
 */
@Timeout(60)
class SlaLocalServerTest {

  @TempDir Path dir;

  @Test
  void localServerRunsOnceForTheWholeTuning() throws Exception {
    Path starts = dir.resolve("starts.log");
    Path pidFile = dir.resolve("server.pid");
    int port = freePort();

    SlaResult result = PerfRun.builder()
        .api("local")
        .model("local-m")
        .port(port)
        .localServerCommand(List.of(script(starts).toString(), "{port}", pidFile.toString()))
        .localServerStartupTimeout(Duration.ofSeconds(30))
        .prompt("hi")
        .maxTokens(4)
        .parallel(2)
        .sleepInterval(Duration.ZERO)
        .noOutputFiles()
        .slaTuning(SlaTuning.builder().numRuns(2).minRequests(4).upperBound(4)
            .group(Sla.p90(Metric.LATENCY).atMost(Duration.ofSeconds(5))).build())
        .build()
        .tune();

    assertThat(result.best()).as(result.table()).hasValue(4);
    assertThat(result.points()).extracting(SlaPoint::value).containsExactly(2.0, 4.0);
    assertThat(result.measurements().runs()).hasSize(4)
        .allSatisfy(r -> assertThat(r.successRequests()).isEqualTo(r.totalRequests()))
        .allSatisfy(r -> assertThat(r.run().url())
            .isEqualTo("http://127.0.0.1:" + port + "/v1/chat/completions"));
    assertThat(Files.readAllLines(starts)).containsExactly("started");
    assertExited(Long.parseLong(Files.readString(pidFile).strip()));
  }

  /** Writes a script that logs its start, then runs {@link LocalServerMain} in a child JVM. */
  private Path script(Path starts) throws IOException {
    Path script = dir.resolve("start-server.sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo started >> '" + starts + "'\n"
        + "exec '" + java + "' -cp '" + classPath + "' " + LocalServerMain.class.getName()
        + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
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
