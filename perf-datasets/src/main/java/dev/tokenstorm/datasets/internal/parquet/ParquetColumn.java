package dev.tokenstorm.datasets.internal.parquet;

import java.util.List;

/**
 * A leaf column of a Parquet schema: a primitive value, possibly inside structs.
 *
 * @param name the path joined with dots, such as {@code image.bytes}
 * @param path the names from the top-level field down to this column
 * @param type the physical type
 * @param typeLength the value length in bytes of a {@code FIXED_LEN_BYTE_ARRAY}, else 0
 * @param maxDefinitionLevel how many optional or repeated fields are on the path; a value is
 *     present only at this definition level
 * @param maxRepetitionLevel how many repeated fields (lists) are on the path; this reader reads
 *     only columns where it is 0
 */
public record ParquetColumn(String name, List<String> path, PhysicalType type, int typeLength,
    int maxDefinitionLevel, int maxRepetitionLevel) {

  public ParquetColumn {
    path = List.copyOf(path);
  }

  /** Parquet's physical types, in the order of their ids in the format. */
  public enum PhysicalType {
    BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY;

    /** Returns the type with the format's id {@code id}. */
    static PhysicalType of(int id) throws ParquetException {
      PhysicalType[] all = values();
      if (id < 0 || id >= all.length) {
        throw new ParquetException("unknown physical type " + id);
      }
      return all[id];
    }
  }
}
