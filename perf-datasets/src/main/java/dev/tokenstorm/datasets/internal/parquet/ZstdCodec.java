package dev.tokenstorm.datasets.internal.parquet;

import com.github.luben.zstd.Zstd;

/**
 * ZSTD decompression through zstd-jni, kept in its own class so that the library and its native
 * code load only when a file has ZSTD pages. Without zstd-jni on the class path, or without a
 * native build for this platform, ZSTD pages fail with a message naming the missing library, and
 * other codecs keep working.
 */
final class ZstdCodec {

  private ZstdCodec() {}

  static byte[] decompress(byte[] input, int size, String where) throws ParquetException {
    byte[] out;
    try {
      out = Zstd.decompress(input, size);
    } catch (LinkageError e) {
      throw new ParquetException(where + " is compressed with ZSTD, which needs"
          + " com.github.luben:zstd-jni on the class path with a native library for this"
          + " platform (" + e + "); add that dependency, or rewrite the file with SNAPPY or GZIP"
          + " compression", e);
    } catch (RuntimeException e) {
      throw ParquetException.corrupt(where, "a ZSTD page cannot be decompressed: "
          + e.getMessage(), e);
    }
    if (out.length != size) {
      throw ParquetException.corrupt(where, "a ZSTD page expands to " + out.length
          + " bytes but its header gives " + size);
    }
    return out;
  }
}
