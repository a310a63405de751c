package dev.tokenstorm.datasets.internal.parquet;

import java.nio.ByteBuffer;

/**
 * The parts of a Parquet {@code PageHeader} this reader uses, flattened over the data page (v1),
 * data page v2 and dictionary page headers. Field ids are those of {@code parquet.thrift}.
 *
 * @param type 0 data page, 1 index page, 2 dictionary page, 3 data page v2
 * @param uncompressedSize the page body's size in bytes after decompression (for v2 pages,
 *     levels included)
 * @param compressedSize the page body's size in bytes in the file
 * @param valueCount values in the page, nulls included
 * @param encoding the encoding of the values
 * @param definitionLevelEncoding the encoding of the definition levels of a v1 data page
 * @param definitionLevelsLength the byte length of the definition levels of a v2 data page
 * @param repetitionLevelsLength the byte length of the repetition levels of a v2 data page
 * @param compressed whether the values of a v2 data page are compressed
 * @param headerLength the header's own size in bytes
 */
record PageHeader(int type, int uncompressedSize, int compressedSize, int valueCount,
    int encoding, int definitionLevelEncoding, int definitionLevelsLength,
    int repetitionLevelsLength, boolean compressed, int headerLength) {

  static final int DATA_PAGE = 0;
  static final int INDEX_PAGE = 1;
  static final int DICTIONARY_PAGE = 2;
  static final int DATA_PAGE_V2 = 3;

  /**
   * Parses a page header at the start of {@code buffer}.
   *
   * @throws java.nio.BufferUnderflowException if the header continues past the buffer's end
   */
  static PageHeader parse(ByteBuffer buffer) throws ParquetException {
    int start = buffer.position();
    ThriftCompactReader reader = new ThriftCompactReader(buffer);
    Fields fields = new Fields();
    reader.readStruct((id, type) -> {
      switch (id) {
        case 1 -> fields.type = reader.readI32();
        case 2 -> fields.uncompressedSize = reader.readI32();
        case 3 -> fields.compressedSize = reader.readI32();
        case 5 -> reader.readStruct((field, fieldType) -> dataPage(reader, fields, field,
            fieldType));
        case 7 -> reader.readStruct((field, fieldType) -> dictionaryPage(reader, fields, field,
            fieldType));
        case 8 -> reader.readStruct((field, fieldType) -> dataPageV2(reader, fields, field,
            fieldType));
        default -> reader.skip(type);
      }
    });
    if (fields.type < 0 || fields.uncompressedSize < 0 || fields.compressedSize < 0) {
      throw new ParquetException("a page header lacks its type or sizes");
    }
    return new PageHeader(fields.type, fields.uncompressedSize, fields.compressedSize,
        fields.valueCount, fields.encoding, fields.definitionLevelEncoding,
        fields.definitionLevelsLength, fields.repetitionLevelsLength, fields.compressed,
        buffer.position() - start);
  }

  private static void dataPage(ThriftCompactReader reader, Fields fields, int id, int type)
      throws ParquetException {
    switch (id) {
      case 1 -> fields.valueCount = reader.readI32();
      case 2 -> fields.encoding = reader.readI32();
      case 3 -> fields.definitionLevelEncoding = reader.readI32();
      default -> reader.skip(type);
    }
  }

  private static void dictionaryPage(ThriftCompactReader reader, Fields fields, int id, int type)
      throws ParquetException {
    switch (id) {
      case 1 -> fields.valueCount = reader.readI32();
      case 2 -> fields.encoding = reader.readI32();
      default -> reader.skip(type);
    }
  }

  private static void dataPageV2(ThriftCompactReader reader, Fields fields, int id, int type)
      throws ParquetException {
    switch (id) {
      case 1 -> fields.valueCount = reader.readI32();
      case 4 -> fields.encoding = reader.readI32();
      case 5 -> fields.definitionLevelsLength = reader.readI32();
      case 6 -> fields.repetitionLevelsLength = reader.readI32();
      case 7 -> fields.compressed = reader.readBool(type);
      default -> reader.skip(type);
    }
  }

  /** The fields while they are read; {@code compressed} defaults to true as in the format. */
  private static final class Fields {
    int type = -1;
    int uncompressedSize = -1;
    int compressedSize = -1;
    int valueCount;
    int encoding;
    int definitionLevelEncoding;
    int definitionLevelsLength;
    int repetitionLevelsLength;
    boolean compressed = true;
  }
}
