package dev.tokenstorm.datasets.internal.parquet;

import dev.tokenstorm.datasets.internal.parquet.FileMetadata.SchemaElement;
import java.io.Closeable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open Parquet file: its schema, and its rows read one row group and one page at a time.
 *
 * <p>Supported: flat columns and fields of structs (no lists or maps), data pages v1 and v2,
 * dictionary pages, the PLAIN, PLAIN_DICTIONARY and RLE_DICTIONARY encodings (and RLE for
 * booleans), RLE definition levels, and the UNCOMPRESSED, SNAPPY, GZIP and ZSTD codecs. Anything
 * else fails with a {@link ParquetException} naming the file, the column and the feature.
 *
 * {@snippet :
 * try (ParquetFile file = ParquetFile.open(path)) {
 *   ParquetRows rows = file.rows(List.of("image.bytes", "instruction"));
 *   while (rows.next()) {
 *     byte[] image = rows.bytes(0);
 *     String instruction = rows.string(1);
 *   }
 * }
 * }
 *
 * <p>Not thread-safe. Lifecycle: {@link #close()} closes the file; rows read afterwards fail.
 */
public final class ParquetFile implements Closeable {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

  private final Path path;
  private final FileChannel channel;
  private final FileMetadata metadata;
  private final List<ParquetColumn> columns;

  private ParquetFile(Path path, FileChannel channel, FileMetadata metadata,
      List<ParquetColumn> columns) {
    this.path = path;
    this.channel = channel;
    this.metadata = metadata;
    this.columns = columns;
  }

  /**
   * Opens {@code path} and reads its footer.
   *
   * @throws ParquetException if the file is not Parquet, is encrypted or its footer is corrupt
   */
  public static ParquetFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      FileMetadata metadata = readFooter(path, channel);
      List<ParquetColumn> columns = leafColumns(path, metadata.schema());
      return new ParquetFile(path, channel, metadata, columns);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static FileMetadata readFooter(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 12) {
      throw notParquet(path, "it is only " + size + " bytes long");
    }
    ByteBuffer head = read(path, channel, 0, 4);
    ByteBuffer tail = read(path, channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
    if (head.equals(ByteBuffer.wrap(ENCRYPTED_MAGIC))
        || tail.slice(4, 4).equals(ByteBuffer.wrap(ENCRYPTED_MAGIC))) {
      throw new ParquetException(path + " is an encrypted Parquet file, which is not supported;"
          + " write it again without encryption");
    }
    if (!head.equals(ByteBuffer.wrap(MAGIC)) || !tail.slice(4, 4).equals(ByteBuffer.wrap(MAGIC))) {
      throw notParquet(path, "it does not start and end with PAR1");
    }
    long footerLength = tail.getInt(0) & 0xFFFFFFFFL;
    if (footerLength > size - 12) {
      throw ParquetException.corrupt(path.toString(), "its footer length " + footerLength
          + " exceeds the file size " + size);
    }
    ByteBuffer footer = read(path, channel, size - 8 - footerLength, (int) footerLength);
    try {
      return FileMetadata.parse(footer);
    } catch (ParquetException | BufferUnderflowException e) {
      throw ParquetException.corrupt(path.toString(), "invalid footer: " + e.getMessage(), e);
    }
  }

  /** Walks the schema tree depth-first and returns its leaves with their levels. */
  private static List<ParquetColumn> leafColumns(Path path, List<SchemaElement> schema)
      throws ParquetException {
    List<ParquetColumn> leaves = new ArrayList<>();
    int end = addChildren(path, schema, 1, schema.get(0).childCount(), List.of(), 0, 0, leaves);
    if (end != schema.size()) {
      throw ParquetException.corrupt(path.toString(), "invalid schema: " + (schema.size() - end)
          + " elements are outside the tree");
    }
    return List.copyOf(leaves);
  }

  /** Adds the leaves under {@code count} siblings from {@code index}; returns the next index. */
  private static int addChildren(Path path, List<SchemaElement> schema, int index, int count,
      List<String> parent, int definition, int repetition, List<ParquetColumn> leaves)
      throws ParquetException {
    int next = index;
    for (int i = 0; i < count; i++) {
      if (next >= schema.size()) {
        throw ParquetException.corrupt(path.toString(), "invalid schema: it ends inside a group");
      }
      SchemaElement element = schema.get(next++);
      List<String> elementPath = new ArrayList<>(parent);
      elementPath.add(element.name());
      Integer repetitionType = element.repetition();
      boolean repeated = repetitionType != null && repetitionType == FileMetadata.REPEATED;
      boolean optional = repetitionType != null && repetitionType == FileMetadata.OPTIONAL;
      int elementDefinition = definition + (optional || repeated ? 1 : 0);
      int elementRepetition = repetition + (repeated ? 1 : 0);
      if (element.childCount() > 0) {
        next = addChildren(path, schema, next, element.childCount(), elementPath,
            elementDefinition, elementRepetition, leaves);
      } else if (element.type() == null) {
        throw ParquetException.corrupt(path.toString(), "invalid schema: leaf "
            + String.join(".", elementPath) + " has no type");
      } else {
        leaves.add(new ParquetColumn(String.join(".", elementPath), elementPath,
            ParquetColumn.PhysicalType.of(element.type()), element.typeLength(),
            elementDefinition, elementRepetition));
      }
    }
    return next;
  }

  private static ByteBuffer read(Path path, FileChannel channel, long offset, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw ParquetException.corrupt(path.toString(), "the file ends at offset "
            + (offset + buffer.position()) + ", inside its footer");
      }
    }
    return buffer.flip();
  }

  private static ParquetException notParquet(Path path, String reason) {
    return new ParquetException(path + " is not a Parquet file: " + reason);
  }

  /** Returns the file's path. */
  public Path path() {
    return path;
  }

  /** Returns the number of rows, as the footer states it. */
  public long rowCount() {
    return metadata.rowCount();
  }

  /** Returns the number of row groups. */
  public int rowGroupCount() {
    return metadata.rowGroups().size();
  }

  /** Returns the leaf columns in schema order. */
  public List<ParquetColumn> columns() {
    return columns;
  }

  /** Returns the leaf column named {@code name} (dotted path, such as {@code image.bytes}). */
  public Optional<ParquetColumn> column(String name) {
    return columns.stream().filter(column -> column.name().equals(name)).findFirst();
  }

  /**
   * Opens a reader over the values of {@code names}, in that order.
   *
   * @throws ParquetException if a column does not exist or is inside a list (repeated)
   */
  public ParquetRows rows(List<String> names) throws ParquetException {
    List<ParquetColumn> selected = new ArrayList<>();
    for (String name : names) {
      ParquetColumn column = column(name).orElseThrow(() -> new ParquetException(path
          + " has no column '" + name + "'; its columns are " + columns.stream()
              .map(ParquetColumn::name).toList()));
      if (column.maxRepetitionLevel() > 0) {
        throw new ParquetException("column '" + column.name() + "' of " + path
            + " is a list (a repeated field), which is not supported; only flat columns and"
            + " struct fields can be read");
      }
      selected.add(column);
    }
    return new ParquetRows(this, selected);
  }

  /** Opens a reader over every column, in schema order. */
  public ParquetRows rows() throws ParquetException {
    return rows(columns.stream().map(ParquetColumn::name).toList());
  }

  FileMetadata metadata() {
    return metadata;
  }

  FileChannel channel() {
    return channel;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "ParquetFile[" + path + ", " + rowCount() + " rows]";
  }
}
