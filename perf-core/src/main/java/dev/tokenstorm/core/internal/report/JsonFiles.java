package dev.tokenstorm.core.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes JSON and text files the way evalscope's Python code does ({@code json.dump} with
 * {@code indent=4, ensure_ascii=False}): UTF-8, 4-space indent, {@code "key": value}, non-ASCII
 * characters unescaped. Every file is written to a temporary file in the same folder, flushed to
 * disk, then moved over the target, so readers never see a half-written file.
 *
 * <p>Thread-safe.
 */
final class JsonFiles {

  private static final Logger log = LoggerFactory.getLogger(JsonFiles.class);

  private final ObjectWriter writer;

  JsonFiles() {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    ObjectMapper mapper = new ObjectMapper();
    mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    this.writer = mapper.writer(printer);
  }

  /** Returns {@code document} as pretty-printed JSON text with a final newline. */
  String toJson(Object document) {
    try {
      return writer.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      // The documents contain only maps, lists, strings, numbers, booleans and nulls.
      throw new IllegalStateException(
          "Failed to serialize a report document: " + e.getMessage(), e);
    }
  }

  /** Writes {@code document} as JSON to {@code target}, replacing it atomically. */
  void writeJson(Path target, Object document) throws IOException {
    writeText(target, toJson(document));
  }

  /**
   * Writes {@code text} as UTF-8 to {@code target}, creating missing folders and replacing the
   * file atomically. A failed write leaves no temporary file behind.
   */
  static void writeText(Path target, String text) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      moveOver(temp, target);
      log.debug("Wrote {}", target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void moveOver(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      log.debug("Atomic move not supported for {}, replacing it non-atomically", target);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
