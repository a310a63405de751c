package dev.tokenstorm.datasets.internal.parquet;

import dev.tokenstorm.datasets.internal.parquet.FileMetadata.ColumnChunk;
import dev.tokenstorm.datasets.internal.parquet.FileMetadata.RowGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cursor over the rows of a {@link ParquetFile}, holding the values of the selected columns for
 * the current row. Values are {@code byte[]} for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns,
 * {@code Boolean}, {@code Integer}, {@code Long}, {@code Float} or {@code Double} for the others,
 * and null for nulls (including a struct field whose struct is null). Byte arrays may be shared
 * between rows through a dictionary: do not modify them.
 *
 * <p>Not thread-safe.
 */
public final class ParquetRows {

  private final ParquetFile file;
  private final List<ParquetColumn> columns;
  private final @Nullable Object[] values;
  private final ColumnChunkReader[] readers;
  private int rowGroup = -1;
  private long rowsLeftInGroup;
  private long rowIndex = -1;

  ParquetRows(ParquetFile file, List<ParquetColumn> columns) {
    this.file = file;
    this.columns = List.copyOf(columns);
    this.values = new Object[columns.size()];
    this.readers = new ColumnChunkReader[columns.size()];
  }

  /**
   * Moves to the next row.
   *
   * @return false after the last row
   * @throws ParquetException if the file is corrupt or uses an unsupported feature
   */
  public boolean next() throws IOException {
    while (rowsLeftInGroup == 0) {
      if (rowGroup + 1 >= file.rowGroupCount()) {
        return false;
      }
      openRowGroup(++rowGroup);
    }
    for (int i = 0; i < readers.length; i++) {
      values[i] = readers[i].next();
    }
    rowsLeftInGroup--;
    rowIndex++;
    return true;
  }

  private void openRowGroup(int index) throws ParquetException {
    RowGroup group = file.metadata().rowGroups().get(index);
    for (int i = 0; i < columns.size(); i++) {
      ParquetColumn column = columns.get(i);
      String where = "column '" + column.name() + "' of " + file.path();
      ColumnChunk chunk = group.columns().stream()
          .filter(candidate -> candidate.path().equals(column.path()))
          .findFirst()
          .orElseThrow(() -> new ParquetException(where + " is missing from row group " + index));
      check(chunk, column, group, where);
      ColumnChunkReader reader = new ColumnChunkReader(file.channel(), column, chunk, where);
      try {
        reader.checkBounds(file.channel().size());
      } catch (java.io.IOException e) {
        throw new ParquetException(where + " cannot be read: " + e.getMessage(), e);
      }
      readers[i] = reader;
    }
    rowsLeftInGroup = group.rowCount();
  }

  private static void check(ColumnChunk chunk, ParquetColumn column, RowGroup group, String where)
      throws ParquetException {
    if (chunk.filePath() != null) {
      throw new ParquetException(where + " keeps its data in another file (" + chunk.filePath()
          + "), which is not supported");
    }
    if (chunk.type() != column.type().ordinal()) {
      throw new ParquetException(where + " has physical type " + chunk.type()
          + " in a row group but " + column.type() + " in the schema");
    }
    if (chunk.valueCount() != group.rowCount()) {
      throw new ParquetException(where + " has " + chunk.valueCount() + " values in a row group"
          + " of " + group.rowCount() + " rows");
    }
  }

  /** Returns the index of the current row in the file, from 0. */
  public long rowIndex() {
    return rowIndex;
  }

  /** Returns the value of selected column {@code index} in the current row. */
  public @Nullable Object get(int index) {
    return values[index];
  }

  /** Returns a BYTE_ARRAY value as bytes; null for a null or a value of another type. */
  public byte @Nullable [] bytes(int index) {
    return values[index] instanceof byte[] bytes ? bytes : null;
  }

  /** Returns a value as text: byte arrays decoded as UTF-8, other values with toString. */
  public @Nullable String string(int index) {
    Object value = values[index];
    if (value == null) {
      return null;
    }
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
        : value.toString();
  }

  /** Returns the selected columns, in the order of the value indexes. */
  public List<ParquetColumn> columns() {
    return columns;
  }
}
