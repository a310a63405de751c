package dev.tokenstorm.datasets.internal.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The compression codecs of Parquet pages. UNCOMPRESSED, SNAPPY (decoded by {@link Snappy}),
 * GZIP (the JDK's {@link GZIPInputStream}) and ZSTD (zstd-jni, see {@link ZstdCodec}) are
 * supported; LZO, BROTLI, LZ4 and LZ4_RAW are not.
 */
final class Codecs {

  static final int UNCOMPRESSED = 0;
  static final int SNAPPY = 1;
  static final int GZIP = 2;
  static final int ZSTD = 6;

  /** The codec names by id, as in {@code parquet.thrift}. */
  private static final List<String> NAMES =
      List.of("UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW");

  private Codecs() {}

  static String name(int codec) {
    return codec >= 0 && codec < NAMES.size() ? NAMES.get(codec) : "codec " + codec;
  }

  /**
   * Decompresses {@code input} (from its position to its limit) to {@code size} bytes, returned
   * as a little-endian buffer.
   *
   * @param where the column and file, for messages
   * @throws ParquetException if the codec is not supported or the data is corrupt
   */
  static ByteBuffer decompress(int codec, ByteBuffer input, int size, String where)
      throws ParquetException {
    byte[] bytes = switch (codec) {
      case UNCOMPRESSED -> uncompressed(input, size, where);
      case SNAPPY -> unsnappy(input, size, where);
      case GZIP -> gunzip(input, size, where);
      case ZSTD -> ZstdCodec.decompress(remaining(input), size, where);
      default -> throw new ParquetException(where + " is compressed with " + name(codec)
          + ", which is not supported; rewrite the file with UNCOMPRESSED, SNAPPY, GZIP or ZSTD"
          + " compression (for example pyarrow.parquet.write_table(table, path,"
          + " compression='snappy'))");
    };
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] uncompressed(ByteBuffer input, int size, String where)
      throws ParquetException {
    if (input.remaining() != size) {
      throw ParquetException.corrupt(where, "an uncompressed page has " + input.remaining()
          + " bytes but its header gives " + size);
    }
    return remaining(input);
  }

  private static byte[] unsnappy(ByteBuffer input, int size, String where)
      throws ParquetException {
    try {
      return Snappy.decompress(input, size);
    } catch (ParquetException e) {
      throw ParquetException.corrupt(where, "a SNAPPY page cannot be decompressed: "
          + e.getMessage(), e);
    }
  }

  private static byte[] gunzip(ByteBuffer input, int size, String where) throws ParquetException {
    byte[] compressed = remaining(input);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      byte[] out = in.readNBytes(size);
      if (out.length != size || in.read() >= 0) {
        throw ParquetException.corrupt(where, "a GZIP page does not expand to the " + size
            + " bytes its header gives");
      }
      return out;
    } catch (ParquetException e) {
      throw e;
    } catch (IOException e) {
      throw ParquetException.corrupt(where, "a GZIP page cannot be decompressed: "
          + e.getMessage(), e);
    }
  }

  private static byte[] remaining(ByteBuffer input) {
    byte[] bytes = new byte[input.remaining()];
    input.get(bytes);
    return bytes;
  }
}
