package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Creates the root output folder of a {@code PerfRun}:
 * {@code <outputsDir>/<yyyyMMdd_HHmmss>/<name>}, or {@code <outputsDir>/<name>} without the
 * timestamp. An existing folder is never reused: the name gets a suffix {@code _2}, {@code _3},
 * ... until it is new, so earlier results are never overwritten.
 */
final class OutputRoot {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private OutputRoot() {}

  static Path create(Path outputsDir, String name, boolean noTimestamp, LocalDateTime now) {
    Path parent = noTimestamp ? outputsDir : outputsDir.resolve(now.format(STAMP));
    try {
      Files.createDirectories(parent);
      for (int attempt = 1; attempt < 10_000; attempt++) {
        Path candidate = parent.resolve(attempt == 1 ? name : name + "_" + attempt);
        try {
          return Files.createDirectory(candidate);
        } catch (FileAlreadyExistsException e) {
          // Taken by an earlier run: try the next suffix.
        }
      }
    } catch (IOException e) {
      throw new PerfRunException("output", "the output folder " + parent.toAbsolutePath()
          + " could not be created (" + reason(e) + "); check outputsDir and its permissions", e);
    }
    throw new PerfRunException("output", "no free output folder name for '" + name + "' under "
        + parent.toAbsolutePath());
  }

  /** Returns what went wrong without the exception's class name, for example "Permission denied". */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason() + (fs.getFile() != null ? ": " + fs.getFile() : "");
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
