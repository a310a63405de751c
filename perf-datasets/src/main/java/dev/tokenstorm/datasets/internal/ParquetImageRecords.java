package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.datasets.internal.parquet.ParquetColumn;
import dev.tokenstorm.datasets.internal.parquet.ParquetFile;
import dev.tokenstorm.datasets.internal.parquet.ParquetRows;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The image-and-text rows of one Parquet file, read lazily.
 *
 * <p>The image comes from the first of these that the file has: the struct column {@code image}
 * as Hugging Face {@code datasets} writes its {@code Image} feature ({@code image.bytes}, with
 * {@code image.path} used for rows without bytes), or a bytes column named {@code image},
 * {@code jpg}, {@code jpeg} or {@code png}. The text is the first non-blank value among the
 * dataset's text fields that are columns of the file.
 */
final class ParquetImageRecords implements Iterator<ParquetImageRecords.Row>, Closeable {

  private static final List<String> IMAGE_COLUMNS = List.of("image", "jpg", "jpeg", "png");

  /**
   * One row.
   *
   * @param where {@code <file> row <n>}, counted from 1, for messages
   * @param image the image bytes, or null
   * @param imagePath the image's path or URL when the row has no bytes, or null
   * @param text the stripped text, or null when the row has none
   */
  record Row(String where, byte @Nullable [] image, @Nullable String imagePath,
      @Nullable String text) {}

  private final ParquetFile file;
  private final ParquetRows rows;
  private final boolean hasImagePath;
  private final int textColumns;
  private @Nullable Row pending;
  private boolean done;

  private ParquetImageRecords(ParquetFile file, ParquetRows rows, boolean hasImagePath,
      int textColumns) {
    this.file = file;
    this.rows = rows;
    this.hasImagePath = hasImagePath;
    this.textColumns = textColumns;
  }

  /**
   * Opens {@code path} and selects its image and text columns.
   *
   * @param textRequired whether a file without any of {@code textFields} is an error
   * @throws IllegalArgumentException if the file has no image column, or no text column while
   *     one is required; the message lists the file's columns
   */
  static ParquetImageRecords open(Path path, String dataset, List<String> textFields,
      boolean textRequired) throws IOException {
    ParquetFile file = ParquetFile.open(path);
    try {
      List<String> selected = new ArrayList<>();
      boolean hasImagePath = selectImage(file, selected);
      if (selected.isEmpty()) {
        throw new IllegalArgumentException(missing(file, dataset, "image column (image.bytes"
            + " of an Image struct, or a bytes column image, jpg, jpeg or png)"));
      }
      int textColumns = 0;
      for (String field : textFields) {
        if (isTopLevel(file, field)) {
          selected.add(field);
          textColumns++;
        }
      }
      if (textColumns == 0 && textRequired) {
        throw new IllegalArgumentException(missing(file, dataset, "text column ("
            + String.join(", ", textFields) + ")"));
      }
      return new ParquetImageRecords(file, file.rows(selected), hasImagePath, textColumns);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Adds the image columns to {@code selected}; returns whether it added a path column. */
  private static boolean selectImage(ParquetFile file, List<String> selected) {
    if (file.column("image.bytes").isPresent()) {
      selected.add("image.bytes");
      if (file.column("image.path").isPresent()) {
        selected.add("image.path");
        return true;
      }
      return false;
    }
    for (String name : IMAGE_COLUMNS) {
      if (isTopLevel(file, name)) {
        selected.add(name);
        return false;
      }
    }
    return false;
  }

  private static boolean isTopLevel(ParquetFile file, String name) {
    Optional<ParquetColumn> column = file.column(name);
    return column.isPresent() && column.get().path().size() == 1;
  }

  private static String missing(ParquetFile file, String dataset, String missingColumn) {
    return "Parquet file " + file.path() + " of dataset '" + dataset + "' has no " + missingColumn
        + "; its columns are " + file.columns().stream().map(ParquetColumn::name).toList();
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !done) {
      try {
        if (rows.next()) {
          pending = currentRow();
        } else {
          done = true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return pending != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = pending;
    pending = null;
    return row;
  }

  private Row currentRow() {
    int textStart = hasImagePath ? 2 : 1;
    String text = null;
    for (int i = textStart; i < textStart + textColumns && text == null; i++) {
      String value = rows.string(i);
      if (value != null && !value.isBlank()) {
        text = value.strip();
      }
    }
    String imagePath = hasImagePath ? rows.string(1) : null;
    return new Row(file.path() + " row " + (rows.rowIndex() + 1), rows.bytes(0),
        imagePath == null || imagePath.isBlank() ? null : imagePath, text);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
