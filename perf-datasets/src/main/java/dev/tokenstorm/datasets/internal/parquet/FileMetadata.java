package dev.tokenstorm.datasets.internal.parquet;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parts of Parquet's {@code FileMetaData} footer this reader uses: the schema and, per row
 * group, the location and codec of each column chunk. Field ids are those of
 * {@code parquet.thrift} in the Apache Parquet format.
 *
 * @param schema the schema elements in depth-first order, the root first
 * @param rowCount the number of rows in the file
 * @param rowGroups the row groups in file order
 */
record FileMetadata(List<SchemaElement> schema, long rowCount, List<RowGroup> rowGroups) {

  static final int OPTIONAL = 1;
  static final int REPEATED = 2;

  /**
   * One node of the schema tree.
   *
   * @param type the physical type id of a leaf, or null for a group
   * @param repetition 0 required, 1 optional, 2 repeated; null for the root
   */
  record SchemaElement(String name, @Nullable Integer type, int typeLength,
      @Nullable Integer repetition, int childCount) {}

  /** One row group: its row count and column chunks. */
  record RowGroup(long rowCount, List<ColumnChunk> columns) {}

  /**
   * The metadata of one column chunk.
   *
   * @param filePath the file holding the chunk when it is not this file, else null
   * @param dictionaryPageOffset the file offset of the dictionary page, or -1 without one
   */
  record ColumnChunk(List<String> path, int type, int codec, long valueCount,
      long totalCompressedSize, long dataPageOffset, long dictionaryPageOffset,
      @Nullable String filePath) {

    /** Returns the file offset of the chunk's first page. */
    long startOffset() {
      return dictionaryPageOffset > 0 && dictionaryPageOffset < dataPageOffset
          ? dictionaryPageOffset : dataPageOffset;
    }
  }

  /** Parses the footer in {@code buffer}. */
  static FileMetadata parse(ByteBuffer buffer) throws ParquetException {
    ThriftCompactReader reader = new ThriftCompactReader(buffer);
    List<SchemaElement> schema = new ArrayList<>();
    List<RowGroup> rowGroups = new ArrayList<>();
    long[] rowCount = {-1};
    try {
      reader.readStruct((id, type) -> {
        switch (id) {
          case 2 -> readList(reader, type, () -> schema.add(schemaElement(reader)));
          case 3 -> rowCount[0] = reader.readI64();
          case 4 -> readList(reader, type, () -> rowGroups.add(rowGroup(reader)));
          default -> reader.skip(type);
        }
      });
    } catch (BufferUnderflowException e) {
      throw new ParquetException("the footer ends in the middle of a value", e);
    }
    if (schema.isEmpty() || rowCount[0] < 0) {
      throw new ParquetException("the footer has no schema or no row count");
    }
    return new FileMetadata(List.copyOf(schema), rowCount[0], List.copyOf(rowGroups));
  }

  private static SchemaElement schemaElement(ThriftCompactReader reader) throws ParquetException {
    SchemaFields fields = new SchemaFields();
    reader.readStruct((id, type) -> {
      switch (id) {
        case 1 -> fields.type = reader.readI32();
        case 2 -> fields.typeLength = reader.readI32();
        case 3 -> fields.repetition = reader.readI32();
        case 4 -> fields.name = reader.readString();
        case 5 -> fields.childCount = reader.readI32();
        default -> reader.skip(type);
      }
    });
    if (fields.typeLength < 0) {
      throw new ParquetException("schema element '" + fields.name + "' has a negative type length "
          + fields.typeLength);
    }
    return new SchemaElement(fields.name, fields.type, fields.typeLength, fields.repetition,
        fields.childCount);
  }

  private static RowGroup rowGroup(ThriftCompactReader reader) throws ParquetException {
    List<ColumnChunk> columns = new ArrayList<>();
    long[] rows = {-1};
    reader.readStruct((id, type) -> {
      switch (id) {
        case 1 -> readList(reader, type, () -> columns.add(columnChunk(reader)));
        case 3 -> rows[0] = reader.readI64();
        default -> reader.skip(type);
      }
    });
    if (rows[0] < 0) {
      throw new ParquetException("a row group has no row count");
    }
    return new RowGroup(rows[0], List.copyOf(columns));
  }

  private static ColumnChunk columnChunk(ThriftCompactReader reader) throws ParquetException {
    ChunkFields fields = new ChunkFields();
    reader.readStruct((id, type) -> {
      switch (id) {
        case 1 -> fields.filePath = reader.readString();
        case 3 -> columnMetaData(reader, fields);
        default -> reader.skip(type);
      }
    });
    if (fields.path.isEmpty()) {
      throw new ParquetException("a column chunk has no metadata; encrypted columns are not"
          + " supported");
    }
    if (fields.type < 0 || fields.codec < 0 || fields.valueCount < 0
        || fields.totalCompressedSize < 0 || fields.dataPageOffset < 0) {
      throw new ParquetException("the metadata of column chunk " + String.join(".", fields.path)
          + " lacks a required field");
    }
    return new ColumnChunk(List.copyOf(fields.path), fields.type, fields.codec,
        fields.valueCount, fields.totalCompressedSize, fields.dataPageOffset,
        fields.dictionaryPageOffset, fields.filePath);
  }

  private static void columnMetaData(ThriftCompactReader reader, ChunkFields fields)
      throws ParquetException {
    reader.readStruct((id, type) -> {
      switch (id) {
        case 1 -> fields.type = reader.readI32();
        case 3 -> readList(reader, type, () -> fields.path.add(reader.readString()));
        case 4 -> fields.codec = reader.readI32();
        case 5 -> fields.valueCount = reader.readI64();
        case 7 -> fields.totalCompressedSize = reader.readI64();
        case 9 -> fields.dataPageOffset = reader.readI64();
        case 11 -> fields.dictionaryPageOffset = reader.readI64();
        default -> reader.skip(type);
      }
    });
  }

  /** Reads the elements of a list field with {@code element}. */
  static void readList(ThriftCompactReader reader, int type, Element element)
      throws ParquetException {
    if (type != ThriftCompactReader.LIST) {
      throw new ParquetException("expected a Thrift list but found type " + type);
    }
    int size = reader.readListHeader().size();
    for (int i = 0; i < size; i++) {
      element.read();
    }
  }

  /** Reads one list element. */
  @FunctionalInterface
  interface Element {
    void read() throws ParquetException;
  }

  /** The fields of a {@code SchemaElement} while it is read. */
  private static final class SchemaFields {
    String name = "";
    @Nullable Integer type;
    int typeLength;
    @Nullable Integer repetition;
    int childCount;
  }

  /** The fields of a {@code ColumnChunk} and its {@code ColumnMetaData} while they are read. */
  private static final class ChunkFields {
    final List<String> path = new ArrayList<>();
    @Nullable String filePath;
    int type = -1;
    int codec = -1;
    long valueCount = -1;
    long totalCompressedSize = -1;
    long dataPageOffset = -1;
    long dictionaryPageOffset = -1;
  }
}
