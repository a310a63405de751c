package dev.tokenstorm.datasets.internal.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes Parquet's RLE/bit-packed hybrid encoding of small integers, used for definition levels,
 * dictionary indices and RLE-encoded booleans. The data is a sequence of runs, each starting with
 * a ULEB128 header: an even header {@code 2n} is a run of {@code n} copies of one value stored in
 * {@code ceil(bitWidth / 8)} little-endian bytes; an odd header {@code 2n + 1} is {@code n} groups
 * of 8 values bit-packed with the least significant bit first.
 */
final class RleBitPackedHybrid {

  private RleBitPackedHybrid() {}

  /** Returns the bit width needed for values up to {@code maxValue}. */
  static int bitWidth(int maxValue) {
    return 32 - Integer.numberOfLeadingZeros(maxValue);
  }

  /**
   * Decodes {@code count} values from {@code in} into {@code out}, reading from its position and
   * at most to its limit.
   *
   * @throws ParquetException if the data ends before {@code count} values
   */
  static void decode(ByteBuffer in, int bitWidth, int[] out, int count) throws ParquetException {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new ParquetException("RLE/bit-packed bit width " + bitWidth + " is out of range");
    }
    int done = 0;
    while (done < count) {
      if (!in.hasRemaining()) {
        throw new ParquetException("RLE/bit-packed data ends after " + done + " of " + count
            + " values");
      }
      long header = readUnsignedVarint(in);
      if ((header & 1) == 0) {
        int value = readRunValue(in, bitWidth);
        int end = done + (int) Math.min(count - done, header >>> 1);
        Arrays.fill(out, done, end, value);
        done = end;
      } else {
        done = unpack(in, bitWidth, (header >>> 1) * 8, out, done, count);
      }
    }
  }

  /**
   * Unpacks {@code values} bit-packed values. Values past {@code count} are padding of the last
   * group: they are read when present but not stored.
   */
  private static int unpack(ByteBuffer in, int bitWidth, long values, int[] out, int done,
      int count) throws ParquetException {
    if (bitWidth == 0) {
      // Every value is 0 and takes no bytes; only the values still wanted matter.
      int end = done + (int) Math.min(count - done, values);
      Arrays.fill(out, done, end, 0);
      return end;
    }
    long mask = (1L << bitWidth) - 1;
    long bits = 0;
    int available = 0;
    for (long i = 0; i < values; i++) {
      while (available < bitWidth) {
        if (!in.hasRemaining()) {
          if (done >= count) {
            return done;
          }
          throw new ParquetException("bit-packed run ends after " + done + " of " + count
              + " values");
        }
        bits |= (long) (in.get() & 0xFF) << available;
        available += 8;
      }
      int value = (int) (bits & mask);
      bits >>>= bitWidth;
      available -= bitWidth;
      if (done < count) {
        out[done++] = value;
      }
    }
    return done;
  }

  private static int readRunValue(ByteBuffer in, int bitWidth) throws ParquetException {
    int bytes = (bitWidth + 7) / 8;
    if (in.remaining() < bytes) {
      throw new ParquetException("RLE run ends inside its value");
    }
    int value = 0;
    for (int i = 0; i < bytes; i++) {
      value |= (in.get() & 0xFF) << (8 * i);
    }
    return value;
  }

  static long readUnsignedVarint(ByteBuffer in) throws ParquetException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw new ParquetException("a varint ends early");
      }
      int b = in.get() & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ParquetException("a varint is longer than 10 bytes");
  }
}
