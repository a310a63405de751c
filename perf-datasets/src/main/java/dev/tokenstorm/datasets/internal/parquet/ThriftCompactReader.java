package dev.tokenstorm.datasets.internal.parquet;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads values in the Thrift compact protocol, the encoding of Parquet's footer
 * ({@code FileMetaData}) and page headers. Structs are read field by field through a
 * {@link FieldHandler}; fields a handler does not know are skipped with {@link #skip(int)}.
 *
 * <p>Reading past the end of the buffer throws {@link BufferUnderflowException}, so a caller that
 * read too few bytes of a page header can read more and try again. Other malformed input throws
 * {@link ParquetException} without a file name; callers add it.
 */
final class ThriftCompactReader {

  static final int STOP = 0;
  static final int BOOLEAN_TRUE = 1;
  static final int BOOLEAN_FALSE = 2;
  static final int BYTE = 3;
  static final int I16 = 4;
  static final int I32 = 5;
  static final int I64 = 6;
  static final int DOUBLE = 7;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int SET = 10;
  static final int MAP = 11;
  static final int STRUCT = 12;

  /** Parquet's structures nest a few levels deep; deeper nesting means corrupt input. */
  private static final int MAX_DEPTH = 64;

  /** Receives one field of a struct; it must read or {@link #skip(int)} the field's value. */
  @FunctionalInterface
  interface FieldHandler {
    void field(int id, int type) throws ParquetException;
  }

  /** The header of a list or set. */
  record ListHeader(int size, int elementType) {}

  private final ByteBuffer buffer;
  private int depth;

  ThriftCompactReader(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  /** Returns the number of bytes read so far from the buffer's start position. */
  int position() {
    return buffer.position();
  }

  /** Reads a struct, passing each field to {@code handler}, up to the struct's stop byte. */
  void readStruct(FieldHandler handler) throws ParquetException {
    if (++depth > MAX_DEPTH) {
      throw new ParquetException("Thrift structs are nested deeper than " + MAX_DEPTH);
    }
    int lastId = 0;
    while (true) {
      int header = buffer.get() & 0xFF;
      int type = header & 0x0F;
      if (type == STOP) {
        break;
      }
      int delta = header >>> 4;
      int id = delta == 0 ? readI16() : lastId + delta;
      lastId = id;
      handler.field(id, type);
    }
    depth--;
  }

  /** Returns a boolean field's value, which the compact protocol stores in the field's type. */
  boolean readBool(int type) throws ParquetException {
    if (type != BOOLEAN_TRUE && type != BOOLEAN_FALSE) {
      throw new ParquetException("expected a Thrift boolean but found type " + type);
    }
    return type == BOOLEAN_TRUE;
  }

  int readI16() throws ParquetException {
    return (int) zigzag(readVarint());
  }

  int readI32() throws ParquetException {
    long value = zigzag(readVarint());
    if (value != (int) value) {
      throw new ParquetException("Thrift i32 value " + value + " is out of range");
    }
    return (int) value;
  }

  long readI64() throws ParquetException {
    return zigzag(readVarint());
  }

  byte[] readBinary() throws ParquetException {
    int length = readLength();
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  String readString() throws ParquetException {
    return new String(readBinary(), StandardCharsets.UTF_8);
  }

  ListHeader readListHeader() throws ParquetException {
    int header = buffer.get() & 0xFF;
    int size = header >>> 4;
    if (size == 15) {
      size = readLength();
    }
    return new ListHeader(size, header & 0x0F);
  }

  /** Skips one value of {@code type}. */
  void skip(int type) throws ParquetException {
    switch (type) {
      case BOOLEAN_TRUE, BOOLEAN_FALSE -> { }
      case BYTE -> buffer.get();
      case I16, I32, I64 -> readVarint();
      case DOUBLE -> skipBytes(8);
      case BINARY -> skipBytes(readLength());
      case LIST, SET -> {
        enterContainer();
        ListHeader header = readListHeader();
        for (int i = 0; i < header.size(); i++) {
          skipElement(header.elementType());
        }
        depth--;
      }
      case MAP -> {
        enterContainer();
        skipMap();
        depth--;
      }
      case STRUCT -> readStruct((id, fieldType) -> skip(fieldType));
      default -> throw new ParquetException("unknown Thrift type " + type);
    }
  }

  /** Counts a nested list, set or map against the same depth limit as structs. */
  private void enterContainer() throws ParquetException {
    if (++depth > MAX_DEPTH) {
      throw new ParquetException("Thrift values are nested deeper than " + MAX_DEPTH);
    }
  }

  private void skipMap() throws ParquetException {
    int size = readLength();
    if (size == 0) {
      return;
    }
    int types = buffer.get() & 0xFF;
    for (int i = 0; i < size; i++) {
      skipElement(types >>> 4);
      skipElement(types & 0x0F);
    }
  }

  /** Skips a list, set or map element; unlike a boolean field, a boolean element has a byte. */
  private void skipElement(int type) throws ParquetException {
    if (type == BOOLEAN_TRUE || type == BOOLEAN_FALSE) {
      buffer.get();
    } else {
      skip(type);
    }
  }

  private void skipBytes(int count) {
    if (count > buffer.remaining()) {
      throw new BufferUnderflowException();
    }
    buffer.position(buffer.position() + count);
  }

  /** Reads a length or size, which may not exceed the bytes left (each element has a byte). */
  private int readLength() throws ParquetException {
    long length = readVarint();
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new ParquetException("Thrift length " + length + " is out of range");
    }
    if (length > buffer.remaining()) {
      throw new BufferUnderflowException();
    }
    return (int) length;
  }

  private long readVarint() throws ParquetException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = buffer.get() & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ParquetException("Thrift varint is longer than 10 bytes");
  }

  private static long zigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
