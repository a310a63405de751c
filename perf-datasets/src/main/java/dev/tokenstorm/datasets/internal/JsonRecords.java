package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads JSON records lazily: one per non-blank line of a JSON Lines file, or one per element of a
 * JSON array file. A line or file that is not valid JSON fails with an
 * {@link IllegalArgumentException} naming the file and line.
 */
final class JsonRecords implements Iterator<JsonRecords.Record>, Closeable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One record and where it came from ({@code file line N}). */
  record Record(String where, JsonNode value) {}

  private final Path file;
  private final Closeable resource;
  private final Iterator<Record> records;

  private JsonRecords(Path file, Closeable resource, Iterator<Record> records) {
    this.file = file;
    this.resource = resource;
    this.records = records;
  }

  /** Opens a {@code .jsonl} file (or any file of one JSON value per line). */
  static JsonRecords jsonLines(Path file) throws IOException {
    TextLines lines = TextLines.open(file);
    Iterator<TextLines.Line> source = lines.nonBlankLines();
    Iterator<Record> records = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public Record next() {
        TextLines.Line line = source.next();
        return new Record(line.where(), parseLine(line));
      }
    };
    return new JsonRecords(file, lines, records);
  }

  /** Opens a file holding one JSON array, reading its elements one at a time. */
  static JsonRecords jsonArray(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    JsonParser parser;
    try {
      parser = JSON.createParser(skipBom(in));
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException(file + " must hold a JSON array of records but starts"
            + " with " + (first == null ? "nothing" : first.asString()) + "; for one record per"
            + " line use a .jsonl file");
      }
    } catch (JsonProcessingException e) {
      in.close();
      throw new IllegalArgumentException(invalidJson(file, e), e);
    } catch (RuntimeException e) {
      in.close();
      throw e;
    }
    Iterator<Record> records = new Iterator<>() {
      private JsonToken pending;

      @Override
      public boolean hasNext() {
        try {
          if (pending == null) {
            pending = parser.nextToken();
          }
          return pending != null && pending != JsonToken.END_ARRAY;
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(invalidJson(file, e), e);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          int line = parser.currentLocation().getLineNr();
          JsonNode value = parser.readValueAsTree();
          pending = null;
          return new Record(file + " line " + line, value == null ? JSON.nullNode() : value);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(invalidJson(file, e), e);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return new JsonRecords(file, parser, records);
  }

  /** Opens {@code file} as JSON Lines or as a JSON array, by its extension. */
  static JsonRecords open(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? jsonArray(file) : jsonLines(file);
  }

  static JsonNode parseLine(TextLines.Line line) {
    try {
      return JSON.readTree(line.text());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(line.where() + " is not valid JSON: "
          + e.getOriginalMessage() + "; fix the line or remove it", e);
    }
  }

  private static String invalidJson(Path file, JsonProcessingException e) {
    return file + " line " + e.getLocation().getLineNr() + " is not valid JSON: "
        + e.getOriginalMessage() + "; fix the file";
  }

  private static InputStream skipBom(InputStream in) throws IOException {
    java.io.PushbackInputStream pushback = new java.io.PushbackInputStream(in, 3);
    byte[] head = pushback.readNBytes(3);
    boolean bom = head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB
        && head[2] == (byte) 0xBF;
    if (!bom) {
      pushback.unread(head);
    }
    return pushback;
  }

  Path file() {
    return file;
  }

  @Override
  public boolean hasNext() {
    return records.hasNext();
  }

  @Override
  public Record next() {
    return records.next();
  }

  @Override
  public void close() throws IOException {
    resource.close();
  }

  /** Returns the first non-blank text of {@code fields} in {@code record}, if any. */
  static java.util.Optional<String> firstText(JsonNode record, String... fields) {
    for (String field : fields) {
      JsonNode value = record.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return java.util.Optional.of(value.asText());
      }
    }
    return java.util.Optional.empty();
  }
}
