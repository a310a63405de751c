package dev.tokenstorm.datasets.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-made Snappy blocks; the Parquet fixtures cover blocks written by the real compressor. */
class SnappyTest {

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void overlappingCopyRepeatsTheLiteral() throws ParquetException {
    // Length 10; literal "ab" (tag 0x04); copy of 8 bytes from 2 back (1-byte offset, tag 0x11).
    byte[] block = bytes(10, 0x04, 'a', 'b', 0x11, 2);
    byte[] out = Snappy.decompress(ByteBuffer.wrap(block), 10);
    assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("ababababab");
  }

  @Test
  void longLiteralAndTwoByteOffsetCopy() throws ParquetException {
    byte[] literal = new byte[70];
    Arrays.fill(literal, (byte) 'x');
    literal[0] = 'y';
    ByteBuffer block = ByteBuffer.allocate(100);
    block.put((byte) 75);
    block.put((byte) (60 << 2)).put((byte) 69).put(literal);
    // Copy 5 bytes from 70 back, with a 2-byte offset (tag kind 2, length - 1 in the top bits).
    block.put((byte) (2 | (4 << 2))).put((byte) 70).put((byte) 0);
    block.flip();
    byte[] out = Snappy.decompress(block, 75);
    assertThat(out).startsWith(literal);
    assertThat(Arrays.copyOfRange(out, 70, 75)).isEqualTo("yxxxx".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void copyBeforeTheStartIsRejected() {
    byte[] block = bytes(6, 0x04, 'a', 'b', 0x01, 3);
    assertThatThrownBy(() -> Snappy.decompress(ByteBuffer.wrap(block), 6))
        .isInstanceOf(ParquetException.class)
        .hasMessageContaining("from offset 3 at position 2 is out of range");
  }

  @Test
  void lengthOtherThanThePageHeaderIsRejected() {
    byte[] block = bytes(2, 0x04, 'a', 'b');
    assertThatThrownBy(() -> Snappy.decompress(ByteBuffer.wrap(block), 3))
        .isInstanceOf(ParquetException.class)
        .hasMessageContaining("expands to 2 bytes but the page header gives 3");
  }

  @Test
  void impossibleExpansionIsRejected() {
    // Declared length 2,000,000,000 (varint), then two bytes of data.
    ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0xA8, (byte) 0xD6,
        (byte) 0xB9, 0x07, 0x00, 0x61});
    assertThatThrownBy(() -> Snappy.decompress(in, 2_000_000_000))
        .isInstanceOf(ParquetException.class)
        .hasMessage("Snappy block of 2 bytes cannot expand to 2000000000 bytes");
  }
}
