package dev.tokenstorm.testkit.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, the accept thread and the per-connection virtual threads of one server.
 * {@link #close()} stops all of them within a bounded time. Thread-safe.
 */
public final class ServerRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

  /** Pending connections the OS may queue; Linux caps it at net.core.somaxconn. */
  private static final int BACKLOG = 8192;

  private static final long SHUTDOWN_WAIT_SECONDS = 5;

  private final ServerContext context;
  private final ServerSocket serverSocket;
  private final ExecutorService connections;
  private final Map<Long, HttpConnection> open = new ConcurrentHashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RequestDispatcher dispatcher;
  private final Thread acceptThread;

  /**
   * Binds 127.0.0.1:{@code port} (0 picks a free port) and starts accepting.
   *
   * @throws IOException if the port cannot be bound
   */
  public ServerRuntime(ServerContext context, int port) throws IOException {
    this.context = context;
    this.dispatcher = new RequestDispatcher(context);
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
    int bound = serverSocket.getLocalPort();
    this.connections = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("simulated-llm-" + bound + "-connection-", 0).factory());
    this.acceptThread = Thread.ofPlatform()
        .name("simulated-llm-" + bound + "-accept")
        .daemon(true)
        .unstarted(this::acceptLoop);
    acceptThread.start();
  }

  /** Returns the bound port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Returns the connections accepted so far. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** Returns the connections open now. */
  public int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          log.warn("Simulated LLM server on port {} stopped accepting: {}", port(), e.toString());
        }
        return;
      }
      long id = accepted.getAndIncrement();
      HttpConnection connection =
          new HttpConnection(socket, id, context, dispatcher, () -> open.remove(id));
      open.put(id, connection);
      try {
        connections.execute(connection);
      } catch (RejectedExecutionException e) {
        // The server is closing.
        open.remove(id);
        connection.closeQuietly();
      }
      if (closed.get()) {
        connection.closeQuietly();
      }
    }
  }

  /**
   * Stops accepting, closes every connection, interrupts waiting requests and waits up to five
   * seconds for the threads to end. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    context.markClosed();
    try {
      serverSocket.close();
    } catch (IOException e) {
      log.debug("Closing the listening socket failed: {}", e.toString());
    }
    open.values().forEach(HttpConnection::closeQuietly);
    connections.shutdownNow();
    try {
      acceptThread.join(TimeUnit.SECONDS.toMillis(SHUTDOWN_WAIT_SECONDS));
      if (!connections.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Simulated LLM server on port {}: {} connection threads still running after {} s",
            port(), open.size(), SHUTDOWN_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
