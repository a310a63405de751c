package dev.tokenstorm.datasets.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Reads a UTF-8 text file line by line, lazily, with line numbers.
 *
 * <p>A leading UTF-8 byte order mark is ignored, and {@code \n}, {@code \r\n} and {@code \r} all
 * end a line, so files saved on Windows read the same as others. Bytes that are not valid UTF-8, or
 * a UTF-16 byte order mark, fail with an {@link IOException} naming the file and line.
 */
final class TextLines implements Closeable {

  private static final char BOM = '\uFEFF';

  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int lineNumber;
  private int pushedBack = -1;

  private TextLines(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Opens {@code file}; the caller closes it. */
  static TextLines open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    in.mark(2);
    byte[] head = in.readNBytes(2);
    in.reset();
    if (head.length == 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
        || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
      in.close();
      throw new IOException(file + " is UTF-16 encoded (it starts with a UTF-16 byte order"
          + " mark); save it as UTF-8");
    }
    return new TextLines(file, in);
  }

  /**
   * Returns the next line without its line ending, or null at the end of the file. Lines are split
   * on bytes and decoded one by one, so a decoding error names the right line.
   */
  String next() throws IOException {
    line.reset();
    int b = read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n' && b != '\r') {
      line.write(b);
      b = read();
    }
    if (b == '\r') {
      int after = read();
      if (after != '\n' && after >= 0) {
        pushedBack = after;
      }
    }
    lineNumber++;
    String text;
    try {
      text = decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + " line " + lineNumber + " is not valid UTF-8; save the file as"
          + " UTF-8", e);
    }
    return lineNumber == 1 ? stripBom(text) : text;
  }

  private int read() throws IOException {
    if (pushedBack >= 0) {
      int b = pushedBack;
      pushedBack = -1;
      return b;
    }
    return in.read();
  }

  /** Returns the number of the line last returned by {@link #next()}, starting at 1. */
  int lineNumber() {
    return lineNumber;
  }

  Path file() {
    return file;
  }

  /** Returns {@code text} without a leading byte order mark. */
  static String stripBom(String text) {
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** A numbered line of a file. */
  record Line(Path file, int number, String text) {
    /** Returns {@code file line N}, for messages. */
    String where() {
      return file + " line " + number;
    }
  }

  /** Returns the remaining non-blank lines as an iterator of numbered lines. */
  java.util.Iterator<Line> nonBlankLines() {
    return new java.util.Iterator<>() {
      private Line pending;

      @Override
      public boolean hasNext() {
        if (pending != null) {
          return true;
        }
        try {
          for (String text = TextLines.this.next(); text != null; text = TextLines.this.next()) {
            if (!text.isBlank()) {
              pending = new Line(file, lineNumber, text);
              return true;
            }
          }
          return false;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public Line next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Line line = pending;
        pending = null;
        return line;
      }
    };
  }
}
