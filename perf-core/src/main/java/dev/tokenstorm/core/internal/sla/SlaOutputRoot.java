package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.PerfRunException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Creates the root folder of a tuning with the sweep's naming rule:
 * {@code <outputsDir>/<yyyyMMdd_HHmmss>/<name>}, or {@code <outputsDir>/<name>} without the
 * timestamp, with a suffix {@code _2}, {@code _3}, ... when the folder exists, so earlier results
 * are never overwritten.
 *
 * <p>NOTE: the engine's package-private {@code OutputRoot} applies the same rule; keep the two in
 * step.
 */
final class SlaOutputRoot {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private SlaOutputRoot() {}

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
      throw new PerfRunException("output", "output folder under " + parent.toAbsolutePath()
          + " could not be created: " + e + "; check outputsDir and its permissions", e);
    }
    throw new PerfRunException("output", "no free output folder name for '" + name + "' under "
        + parent.toAbsolutePath());
  }
}
