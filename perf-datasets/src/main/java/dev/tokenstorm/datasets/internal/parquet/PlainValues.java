package dev.tokenstorm.datasets.internal.parquet;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Decodes values in Parquet's PLAIN encoding: little-endian numbers, booleans packed 8 to a byte
 * with the least significant bit first, byte arrays with a 4-byte little-endian length prefix, and
 * fixed-length byte arrays as they are. Byte arrays become {@code byte[]}, numbers their boxed
 * Java types.
 */
final class PlainValues {

  private PlainValues() {}

  /**
   * Decodes {@code count} values of {@code column}'s type from {@code in} (little-endian).
   *
   * @param where the column and file, for messages
   */
  static Object[] decode(ByteBuffer in, ParquetColumn column, int count, String where)
      throws ParquetException {
    Object[] values = new Object[count];
    try {
      switch (column.type()) {
        case BOOLEAN -> booleans(in, values);
        case INT32 -> {
          for (int i = 0; i < count; i++) {
            values[i] = in.getInt();
          }
        }
        case INT64 -> {
          for (int i = 0; i < count; i++) {
            values[i] = in.getLong();
          }
        }
        case FLOAT -> {
          for (int i = 0; i < count; i++) {
            values[i] = in.getFloat();
          }
        }
        case DOUBLE -> {
          for (int i = 0; i < count; i++) {
            values[i] = in.getDouble();
          }
        }
        case BYTE_ARRAY -> byteArrays(in, values, where);
        case FIXED_LEN_BYTE_ARRAY -> fixedLength(in, values, column.typeLength());
        case INT96 -> throw new ParquetException(where + " has physical type INT96 (legacy"
            + " timestamps), which is not supported; rewrite the file with timestamps stored as"
            + " INT64");
      }
    } catch (BufferUnderflowException e) {
      throw ParquetException.corrupt(where, "a page has fewer values than its header gives",
          e);
    }
    return values;
  }

  private static void booleans(ByteBuffer in, Object[] values) {
    int current = 0;
    for (int i = 0; i < values.length; i++) {
      if (i % 8 == 0) {
        current = in.get() & 0xFF;
      }
      values[i] = ((current >>> (i % 8)) & 1) == 1;
    }
  }

  private static void byteArrays(ByteBuffer in, Object[] values, String where)
      throws ParquetException {
    for (int i = 0; i < values.length; i++) {
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw ParquetException.corrupt(where, "a byte array of length " + length + " runs past"
            + " the end of its page");
      }
      byte[] bytes = new byte[length];
      in.get(bytes);
      values[i] = bytes;
    }
  }

  private static void fixedLength(ByteBuffer in, Object[] values, int length) {
    for (int i = 0; i < values.length; i++) {
      byte[] bytes = new byte[length];
      in.get(bytes);
      values[i] = bytes;
    }
  }
}
