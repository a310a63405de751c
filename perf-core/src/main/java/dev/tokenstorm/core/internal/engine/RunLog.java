package dev.tokenstorm.core.internal.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logs the run's lifecycle through SLF4J and appends the same lines to {@code benchmark.log} in
 * the output root, so every output folder carries its own log whatever logging backend the host
 * program uses.
 *
 * <p>Thread-safe.
 */
final class RunLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("dev.tokenstorm.run");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final @Nullable BufferedWriter file;
  private final boolean debug;

  private RunLog(@Nullable BufferedWriter file, boolean debug) {
    this.file = file;
    this.debug = debug;
  }

  /** Opens a log that also writes to {@code path}; pass null for SLF4J only. */
  static RunLog open(@Nullable Path path, boolean debug) throws IOException {
    if (path == null) {
      return new RunLog(null, debug);
    }
    BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new RunLog(writer, debug);
  }

  void info(String format, Object... args) {
    log.info(format, args);
    write("INFO", format, args);
  }

  void warn(String format, Object... args) {
    log.warn(format, args);
    write("WARN", format, args);
  }

  void debug(String format, Object... args) {
    log.debug(format, args);
    if (debug) {
      write("DEBUG", format, args);
    }
  }

  /** Writes text to the file only, such as the summary tables already printed elsewhere. */
  synchronized void fileOnly(String text) {
    if (file == null) {
      return;
    }
    try {
      file.write(text);
      file.newLine();
      file.flush();
    } catch (IOException e) {
      log.debug("Writing benchmark.log failed", e);
    }
  }

  private synchronized void write(String level, String format, Object... args) {
    if (file == null) {
      return;
    }
    String message = MessageFormatter.arrayFormat(format, args).getMessage();
    try {
      file.write(LocalDateTime.now().format(TIME) + " " + level + " " + message);
      file.newLine();
      file.flush();
    } catch (IOException e) {
      log.debug("Writing benchmark.log failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      log.debug("Closing benchmark.log failed", e);
    }
  }
}
