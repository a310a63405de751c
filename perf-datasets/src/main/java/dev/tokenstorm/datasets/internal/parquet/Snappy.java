package dev.tokenstorm.datasets.internal.parquet;

import java.nio.ByteBuffer;

/**
 * Decompresses Snappy's raw block format (not the framing format), as Parquet stores SNAPPY
 * pages: a ULEB128 uncompressed length, then literals and back-references to earlier output.
 * The format is described in {@code format_description.txt} of google/snappy.
 */
final class Snappy {

  private Snappy() {}

  /**
   * Decompresses the block in {@code in}, which must expand to exactly {@code expectedLength}
   * bytes.
   *
   * @throws ParquetException if the block is corrupt or has another length
   */
  static byte[] decompress(ByteBuffer in, int expectedLength) throws ParquetException {
    long length = RleBitPackedHybrid.readUnsignedVarint(in);
    if (length != expectedLength) {
      throw new ParquetException("Snappy block expands to " + length + " bytes but the page"
          + " header gives " + expectedLength);
    }
    // A Snappy element expands at most about 21 times (a 3-byte copy of 64 bytes).
    if (expectedLength > 22L * in.remaining() + 64) {
      throw new ParquetException("Snappy block of " + in.remaining() + " bytes cannot expand to "
          + expectedLength + " bytes");
    }
    byte[] out = new byte[expectedLength];
    int written = 0;
    while (in.hasRemaining()) {
      int tag = in.get() & 0xFF;
      int kind = tag & 3;
      if (kind == 0) {
        written = literal(in, tag, out, written);
      } else {
        int copyLength;
        long offset;
        if (kind == 1) {
          copyLength = 4 + ((tag >>> 2) & 7);
          offset = ((long) (tag >>> 5) << 8) | readLittleEndian(in, 1);
        } else {
          copyLength = (tag >>> 2) + 1;
          offset = readLittleEndian(in, kind == 2 ? 2 : 4);
        }
        written = copy(out, written, offset, copyLength);
      }
    }
    if (written != expectedLength) {
      throw new ParquetException("Snappy block ends after " + written + " of " + expectedLength
          + " bytes");
    }
    return out;
  }

  private static int literal(ByteBuffer in, int tag, byte[] out, int written)
      throws ParquetException {
    long length = tag >>> 2;
    if (length >= 60) {
      length = readLittleEndian(in, (int) length - 59);
    }
    length += 1;
    if (length > in.remaining() || length > out.length - written) {
      throw new ParquetException("Snappy literal of " + length + " bytes runs past the end of"
          + " its block");
    }
    in.get(out, written, (int) length);
    return written + (int) length;
  }

  /** Copies {@code length} bytes from {@code offset} bytes back; the ranges may overlap. */
  private static int copy(byte[] out, int written, long offset, int length)
      throws ParquetException {
    if (offset <= 0 || offset > written || length > out.length - written) {
      throw new ParquetException("Snappy copy of " + length + " bytes from offset " + offset
          + " at position " + written + " is out of range");
    }
    int from = written - (int) offset;
    if (offset >= length) {
      System.arraycopy(out, from, out, written, length);
    } else {
      for (int i = 0; i < length; i++) {
        out[written + i] = out[from + i];
      }
    }
    return written + length;
  }

  private static long readLittleEndian(ByteBuffer in, int bytes) throws ParquetException {
    if (in.remaining() < bytes) {
      throw new ParquetException("Snappy block ends inside a tag");
    }
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value |= (long) (in.get() & 0xFF) << (8 * i);
    }
    return value;
  }
}
