package dev.tokenstorm.core.internal.engine;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The width and height of an image in pixels, read from its header without decoding pixels.
 * Reads PNG ({@code IHDR}), JPEG (the first start-of-frame segment), GIF (logical screen), BMP
 * and WebP ({@code VP8 }, {@code VP8L} and {@code VP8X}). Like PIL's {@code Image.size}, the
 * size is the stored one; an EXIF orientation is not applied.
 *
 * @param width width in pixels, positive
 * @param height height in pixels, positive
 */
record ImageDimensions(int width, int height) {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /**
   * Reads the dimensions from the start of {@code in}, reading only as far as the header.
   *
   * @return empty when the bytes are not one of the formats above or the header is invalid
   */
  static Optional<ImageDimensions> read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(30);
    try {
      if (startsWith(head, PNG) && head.length >= 24) {
        return of(bigEndian(head, 16, 4), bigEndian(head, 20, 4));
      }
      if (head.length >= 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
        return jpeg(head, in);
      }
      if (startsWith(head, ascii("GIF8")) && head.length >= 10) {
        return of(littleEndian(head, 6, 2), littleEndian(head, 8, 2));
      }
      if (startsWith(head, ascii("BM")) && head.length >= 26) {
        return bmp(head);
      }
      if (startsWith(head, ascii("RIFF")) && head.length >= 30
          && new String(head, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
        return webp(head);
      }
    } catch (EOFException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Walks the JPEG segments up to the first start-of-frame marker. */
  private static Optional<ImageDimensions> jpeg(byte[] head, InputStream rest) throws IOException {
    InputStream in =
        new SequenceInputStream(new ByteArrayInputStream(head, 2, head.length - 2), rest);
    while (true) {
      int marker = readByte(in);
      if (marker != 0xFF) {
        return Optional.empty();
      }
      while (marker == 0xFF) {
        marker = readByte(in);
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return Optional.empty();
      }
      int length = (readByte(in) << 8) | readByte(in);
      if (length < 2) {
        return Optional.empty();
      }
      if (isStartOfFrame(marker) && length >= 7) {
        readByte(in);
        int height = (readByte(in) << 8) | readByte(in);
        int width = (readByte(in) << 8) | readByte(in);
        return of(width, height);
      }
      in.skipNBytes(length - 2);
    }
  }

  /**
   * Returns whether {@code marker} starts a frame: markers C0 to CF do, except C4 (Huffman
   * tables), C8 (reserved) and CC (arithmetic coding conditioning), which share that range.
   */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
        && marker != 0xCC;
  }

  private static Optional<ImageDimensions> bmp(byte[] head) {
    long headerSize = littleEndian(head, 14, 4);
    if (headerSize == 12) {
      return of(littleEndian(head, 18, 2), littleEndian(head, 20, 2));
    }
    // A negative height marks a top-down bitmap.
    int height = (int) littleEndian(head, 22, 4);
    return of((int) littleEndian(head, 18, 4), Math.abs((long) height));
  }

  private static Optional<ImageDimensions> webp(byte[] head) {
    String chunk = new String(head, 12, 4, StandardCharsets.US_ASCII);
    return switch (chunk) {
      case "VP8X" -> of(littleEndian(head, 24, 3) + 1, littleEndian(head, 27, 3) + 1);
      case "VP8L" -> {
        long bits = littleEndian(head, 21, 4);
        yield head[20] == 0x2F ? of((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1)
            : Optional.empty();
      }
      case "VP8 " -> of(littleEndian(head, 26, 2) & 0x3FFF, littleEndian(head, 28, 2) & 0x3FFF);
      default -> Optional.empty();
    };
  }

  private static Optional<ImageDimensions> of(long width, long height) {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new ImageDimensions((int) width, (int) height));
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static long bigEndian(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static long littleEndian(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static int readByte(InputStream in) throws IOException {
    int value = in.read();
    if (value < 0) {
      throw new EOFException();
    }
    return value;
  }

  /** Returns the vision tokens of this image: {@code ceil(h / patch) * ceil(w / patch)}. */
  long tokens(int patchSize) {
    return ceilDiv(height, patchSize) * ceilDiv(width, patchSize);
  }

  private static long ceilDiv(long value, long divisor) {
    return (value + divisor - 1) / divisor;
  }
}
