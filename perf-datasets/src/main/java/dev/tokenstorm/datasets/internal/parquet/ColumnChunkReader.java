package dev.tokenstorm.datasets.internal.parquet;

import dev.tokenstorm.datasets.internal.parquet.ParquetColumn.PhysicalType;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the values of one flat column in one row group, one page at a time: only the current page
 * (and the dictionary) is held in memory. Supports dictionary pages, data pages v1 and v2, the
 * PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY and (for booleans) RLE encodings, and RLE definition
 * levels.
 *
 * <p>Not thread-safe.
 */
final class ColumnChunkReader {

  private static final int PLAIN = 0;
  private static final int PLAIN_DICTIONARY = 2;
  private static final int RLE = 3;
  private static final int RLE_DICTIONARY = 8;
  private static final List<String> ENCODINGS = List.of("PLAIN", "GROUP_VAR_INT",
      "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY",
      "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT");

  /** The first read for a page header; a header with large statistics needs more. */
  private static final int FIRST_HEADER_READ = 8 * 1024;

  private static final Object[] NO_VALUES = new Object[0];

  /**
   * Limits that keep a corrupt or hostile page header from allocating gigabytes. Writers put at
   * most 20,000 values into a page by default and aim at about 1 MB per page.
   */
  static final int MAX_PAGE_VALUES = 1 << 24;

  static final int MAX_PAGE_BYTES = 1 << 28;

  private final FileChannel channel;
  private final ParquetColumn column;
  private final FileMetadata.ColumnChunk chunk;
  private final String where;
  private final long end;
  private long position;
  private long valuesLeft;
  private Object @Nullable [] dictionary;
  private @Nullable Object[] page = NO_VALUES;
  private int pageIndex;

  /**
   * @param where the column and file, for messages
   */
  ColumnChunkReader(FileChannel channel, ParquetColumn column, FileMetadata.ColumnChunk chunk,
      String where) {
    this.channel = channel;
    this.column = column;
    this.chunk = chunk;
    this.where = where;
    this.position = chunk.startOffset();
    this.end = position + chunk.totalCompressedSize();
    this.valuesLeft = chunk.valueCount();
  }

  /** Checks that the chunk lies inside the file, before any of it is read. */
  void checkBounds(long fileSize) throws ParquetException {
    if (position < 0 || chunk.totalCompressedSize() < 0 || end > fileSize) {
      throw ParquetException.corrupt(where, "the column chunk at byte " + position + " with "
          + chunk.totalCompressedSize() + " bytes does not fit in the file of " + fileSize
          + " bytes");
    }
  }

  /** Returns the next value, null for a null. */
  @Nullable Object next() throws IOException {
    while (pageIndex == page.length) {
      readPage();
    }
    return page[pageIndex++];
  }

  private void readPage() throws IOException {
    if (position >= end || valuesLeft <= 0) {
      throw ParquetException.corrupt(where, "the column chunk ends before all its values");
    }

    PageHeader header = readHeader();
    if (header.valueCount() < 0 || header.valueCount() > MAX_PAGE_VALUES) {
      throw ParquetException.corrupt(where, "a page header gives " + header.valueCount()
          + " values, more than the " + MAX_PAGE_VALUES + " this reader accepts");
    }
    if (header.uncompressedSize() > MAX_PAGE_BYTES) {
      throw ParquetException.corrupt(where, "a page header gives " + header.uncompressedSize()
          + " bytes, more than the " + MAX_PAGE_BYTES + " this reader accepts");
    }

    boolean dataPage = header.type() == PageHeader.DATA_PAGE
        || header.type() == PageHeader.DATA_PAGE_V2;
    if (dataPage && header.valueCount() > valuesLeft) {
      throw ParquetException.corrupt(where, "a page contains " + header.valueCount()
          + " values but only " + valuesLeft + " are left in its column chunk");
    }

    long bodyStart = position + header.headerLength();
    if (header.compressedSize() > end - bodyStart) {
      throw ParquetException.corrupt(where, "a page runs past the end of its column chunk");
    }
    ByteBuffer body = read(bodyStart, header.compressedSize());
    position = bodyStart + header.compressedSize();

    switch (header.type()) {
      case PageHeader.DICTIONARY_PAGE -> dictionary = dictionaryPage(header, body);
      case PageHeader.DATA_PAGE -> page = dataPage(header, body);
      case PageHeader.DATA_PAGE_V2 -> page = dataPageV2(header, body);
      case PageHeader.INDEX_PAGE -> { }
      default -> throw new ParquetException(where + " has a page of unknown type "
          + header.type());
    }
    if (dataPage) {
      pageIndex = 0;
      valuesLeft -= page.length;
    }
  }

  /** Reads the page header at {@code position}, reading more bytes while it does not fit. */
  private PageHeader readHeader() throws IOException {
    long available = end - position;
    int size = (int) Math.min(available, FIRST_HEADER_READ);
    while (true) {
      try {
        return PageHeader.parse(read(position, size));
      } catch (BufferUnderflowException e) {
        if (size >= available) {
          throw ParquetException.corrupt(where, "a page header runs past the end of its column"
              + " chunk", e);
        }
        size = (int) Math.min(available, Math.min(Integer.MAX_VALUE, size * 4L));
      } catch (ParquetException e) {
        throw ParquetException.corrupt(where, "invalid page header: " + e.getMessage(), e);
      }
    }
  }

  private Object[] dictionaryPage(PageHeader header, ByteBuffer body) throws ParquetException {
    if (header.encoding() != PLAIN && header.encoding() != PLAIN_DICTIONARY) {
      throw unsupported("a dictionary page encoded with " + encodingName(header.encoding()));
    }
    ByteBuffer data = Codecs.decompress(chunk.codec(), body, header.uncompressedSize(), where);
    return PlainValues.decode(data, column, header.valueCount(), where);
  }

  private @Nullable Object[] dataPage(PageHeader header, ByteBuffer body)
      throws ParquetException {
    ByteBuffer data = Codecs.decompress(chunk.codec(), body, header.uncompressedSize(), where);
    int @Nullable [] levels = null;
    if (column.maxDefinitionLevel() > 0) {
      if (header.definitionLevelEncoding() != RLE) {
        throw unsupported("definition levels encoded with "
            + encodingName(header.definitionLevelEncoding()));
      }
      int length = data.remaining() >= 4 ? data.getInt() : -1;
      if (length < 0 || length > data.remaining()) {
        throw ParquetException.corrupt(where,
            "the definition levels of a page run past its end");
      }
      levels = definitionLevels(slice(data, data.position(), length), header.valueCount());
      data.position(data.position() + length);
    }
    return values(header, data, levels);
  }

  private @Nullable Object[] dataPageV2(PageHeader header, ByteBuffer body)
      throws ParquetException {
    int repetitionLength = header.repetitionLevelsLength();
    int definitionLength = header.definitionLevelsLength();
    if (repetitionLength < 0 || definitionLength < 0
        || (long) repetitionLength + definitionLength > body.remaining()) {
      throw ParquetException.corrupt(where, "the levels of a page run past its end");
    }
    int levelsStart = body.position() + repetitionLength;
    int @Nullable [] levels = column.maxDefinitionLevel() == 0 ? null
        : definitionLevels(slice(body, levelsStart, definitionLength), header.valueCount());
    body.position(levelsStart + definitionLength);
    int valuesSize = header.uncompressedSize() - repetitionLength - definitionLength;
    int codec = header.compressed() ? chunk.codec() : Codecs.UNCOMPRESSED;
    ByteBuffer data = Codecs.decompress(codec, body, valuesSize, where);
    return values(header, data, levels);
  }

  private int[] definitionLevels(ByteBuffer bytes, int count) throws ParquetException {
    int[] levels = new int[count];
    try {
      RleBitPackedHybrid.decode(bytes,
          RleBitPackedHybrid.bitWidth(column.maxDefinitionLevel()), levels, count);
    } catch (ParquetException e) {
      throw ParquetException.corrupt(where, "invalid definition levels: " + e.getMessage(),
          e);
    }
    return levels;
  }

  /** Decodes the page's non-null values and places them at the rows whose level is the max. */
  private @Nullable Object[] values(PageHeader header, ByteBuffer data, int @Nullable [] levels)
      throws ParquetException {
    int count = header.valueCount();
    if (levels == null) {
      return decode(header.encoding(), data, count);
    }
    int present = 0;
    for (int level : levels) {
      if (level == column.maxDefinitionLevel()) {
        present++;
      }
    }
    Object[] decoded = decode(header.encoding(), data, present);
    @Nullable Object[] values = new Object[count];
    int next = 0;
    for (int i = 0; i < count; i++) {
      values[i] = levels[i] == column.maxDefinitionLevel() ? decoded[next++] : null;
    }
    return values;
  }

  private Object[] decode(int encoding, ByteBuffer data, int count) throws ParquetException {
    if (count == 0) {
      return NO_VALUES;
    }
    return switch (encoding) {
      case PLAIN -> PlainValues.decode(data, column, count, where);
      case PLAIN_DICTIONARY, RLE_DICTIONARY -> fromDictionary(data, count);
      case RLE -> {
        if (column.type() != PhysicalType.BOOLEAN) {
          throw unsupported("RLE-encoded " + column.type() + " values");
        }
        yield rleBooleans(data, count);
      }
      default -> throw unsupported("values encoded with " + encodingName(encoding));
    };
  }

  private Object[] fromDictionary(ByteBuffer data, int count) throws ParquetException {
    Object[] entries = dictionary;
    if (entries == null) {
      throw ParquetException.corrupt(where, "a dictionary-encoded page comes before any"
          + " dictionary page");
    }
    if (!data.hasRemaining()) {
      throw ParquetException.corrupt(where, "a dictionary-encoded page has no data");
    }
    int bitWidth = data.get() & 0xFF;
    int[] indices = new int[count];
    try {
      RleBitPackedHybrid.decode(data, bitWidth, indices, count);
    } catch (ParquetException e) {
      throw ParquetException.corrupt(where, "invalid dictionary indices: " + e.getMessage(),
          e);
    }
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      if (indices[i] < 0 || indices[i] >= entries.length) {
        throw ParquetException.corrupt(where, "dictionary index " + indices[i] + " is out of"
            + " range for a dictionary of " + entries.length + " values");
      }
      values[i] = entries[indices[i]];
    }
    return values;
  }

  private Object[] rleBooleans(ByteBuffer data, int count) throws ParquetException {
    int length = data.remaining() >= 4 ? data.getInt() : -1;
    if (length < 0 || length > data.remaining()) {
      throw ParquetException.corrupt(where, "RLE-encoded booleans run past the end of a page");
    }
    int[] bits = new int[count];
    RleBitPackedHybrid.decode(slice(data, data.position(), length), 1, bits, count);
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      values[i] = bits[i] == 1;
    }
    return values;
  }

  private ByteBuffer read(long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, offset + buffer.position());
      if (read < 0) {
        throw ParquetException.corrupt(where, "the file ends inside a column chunk");
      }
    }
    return buffer.flip();
  }

  private static ByteBuffer slice(ByteBuffer buffer, int index, int length) {
    return buffer.slice(index, length).order(ByteOrder.LITTLE_ENDIAN);
  }

  private ParquetException unsupported(String feature) {
    return new ParquetException(where + " uses " + feature + ", which is not supported; only"
        + " the PLAIN and dictionary encodings that pyarrow writes by default can be read, so"
        + " rewrite the file with pyarrow.parquet.write_table and its default encodings");
  }

  private static String encodingName(int encoding) {
    return encoding >= 0 && encoding < ENCODINGS.size() ? ENCODINGS.get(encoding)
        : "encoding " + encoding;
  }
}
