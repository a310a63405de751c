package dev.tokenstorm.core.internal.sla;

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
 * Logs the tuning's progress through SLF4J (logger {@code dev.tokenstorm.sla}) and appends the
 * same lines to {@code benchmark.log} in the tuning's output folder. The engine's own lines about
 * each run go to SLF4J only.
 *
 * <p>Thread-safe.
 */
final class SlaLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("dev.tokenstorm.sla");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final @Nullable BufferedWriter file;

  private SlaLog(@Nullable BufferedWriter file) {
    this.file = file;
  }

  /** Opens a log that also appends to {@code path}; null logs through SLF4J only. */
  static SlaLog open(@Nullable Path path) throws IOException {
    if (path == null) {
      return new SlaLog(null);
    }
    return new SlaLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  void info(String format, Object... args) {
    log.info(format, args);
    write("INFO", format, args);
  }

  void warn(String format, Object... args) {
    log.warn(format, args);
    write("WARN", format, args);
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
