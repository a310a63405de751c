package dev.tokenstorm.core.internal.local;

import dev.tokenstorm.api.PerfRunException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local inference server running as a child process.
 *
 * <p>{@link #start} launches the command, copies its standard output and error line by line to
 * the SLF4J logger {@code dev.tokenstorm.core.internal.local.LocalServer} at INFO, and waits until
 * {@code GET /v1/models} returns 200. {@link #close()} stops the process and all its descendants:
 * a polite termination first, then, after {@link #STOP_GRACE}, a forced kill. A JVM shutdown hook
 * does the same if the JVM exits while the server runs.
 *
 * <p>Threading: {@code close()} may be called from any thread and is idempotent.
 */
public final class LocalServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalServer.class);

  /** How long the process tree gets to exit after the termination request. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int KEPT_LOG_LINES = 20;

  private final LocalServerSpec spec;
  private final Process process;
  private final Thread logPump;
  private final Thread shutdownHook;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private boolean closed;

  private LocalServer(LocalServerSpec spec, Process process) {
    this.spec = spec;
    this.process = process;
    this.logPump = Thread.ofPlatform().daemon(true).name("tokenstorm-local-server-log")
        .start(this::pumpLog);
    this.shutdownHook = Thread.ofPlatform().name("tokenstorm-local-server-stop")
        .unstarted(this::stopTree);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the server and waits until it is ready.
   *
   * @param cancelled polled during the wait; when it returns true the server is stopped and the
   *     start fails
   * @throws PerfRunException (stage {@code local server}) if the command cannot be started, the
   *     process exits, the wait times out or is cancelled
   * @throws InterruptedException if the calling thread is interrupted; the server is stopped
   */
  public static LocalServer start(LocalServerSpec spec, BooleanSupplier cancelled)
      throws InterruptedException {
    log.info("Starting the {} server on port {}: {}", spec.api(), spec.port(),
        String.join(" ", spec.command()));
    Process process;
    try {
      process = new ProcessBuilder(spec.command()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new PerfRunException("local server", "the " + spec.api() + " server command "
          + spec.command() + " could not be started: " + e.getMessage()
          + "; install the server or set localServerCommand", e);
    }
    LocalServer server = new LocalServer(spec, process);
    boolean ready = false;
    try {
      server.awaitReady(cancelled);
      ready = true;
      return server;
    } finally {
      if (!ready) {
        server.close();
      }
    }
  }

  /** Returns the process id of the server process. */
  public long pid() {
    return process.pid();
  }

  /** Returns whether the server process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(BooleanSupplier cancelled) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + spec.startupTimeout().toNanos();
    URI models = URI.create(spec.baseUrl() + "/models");
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .build()) {
      HttpRequest request = HttpRequest.newBuilder(models).timeout(Duration.ofSeconds(5)).GET()
          .build();
      while (true) {
        if (!process.isAlive()) {
          // The output pump stops at end of stream. Waiting for it briefly lets the message include
          // the last lines of a process that exited right after printing them.
          logPump.join(Duration.ofSeconds(2));
          throw new PerfRunException("local server", "the " + spec.api()
              + " server exited with code " + process.exitValue() + " before it was ready;"
              + " last output:\n" + lastLines());
        }
        if (cancelled.getAsBoolean()) {
          throw new PerfRunException("local server", "the run was cancelled while waiting for the "
              + spec.api() + " server to become ready");
        }
        if (answers(client, request)) {
          log.info("The {} server on port {} is ready after {} ms", spec.api(), spec.port(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          return;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new PerfRunException("local server", "the " + spec.api() + " server timed out: GET "
              + models + " did not return 200 within " + spec.startupTimeout().toMillis()
              + " ms; set localServerStartupTimeout to wait longer. Last output:\n" + lastLines());
        }
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    }
  }

  private static boolean answers(HttpClient client, HttpRequest request)
      throws InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private void pumpLog() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.info("[{} server] {}", spec.api(), line);
        synchronized (lastLines) {
          if (lastLines.size() == KEPT_LOG_LINES) {
            lastLines.removeFirst();
          }
          lastLines.addLast(line);
        }
      }
    } catch (IOException e) {
      log.debug("Reading the {} server output stopped: {}", spec.api(), e.toString());
    }
  }

  private String lastLines() {
    synchronized (lastLines) {
      return lastLines.isEmpty() ? "(none)" : String.join("\n", lastLines);
    }
  }

  /** Stops the server and its descendants, waiting up to {@link #STOP_GRACE} before killing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs stopTree itself.
    }
    stopTree();
    try {
      logPump.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopTree() {
    List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    boolean wasAlive = process.isAlive();
    if (!wasAlive && tree.stream().noneMatch(ProcessHandle::isAlive)) {
      log.warn("The {} server exited with code {} before it was stopped; requests sent after"
          + " that failed", spec.api(), process.exitValue());
      return;
    }
    log.info("Stopping the {} server (pid {}, {} descendant processes)", spec.api(), process.pid(),
        tree.size() - 1);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        log.warn("The {} server process {} did not exit within {} s; killing it", spec.api(),
            handle.pid(), STOP_GRACE.toSeconds());
        handle.destroyForcibly();
      } catch (java.util.concurrent.ExecutionException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      }
    }
    log.info("The {} server stopped", spec.api());
  }

  /** Returns the exit code if the process has exited, or null while it runs. */
  public @Nullable Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }
}
