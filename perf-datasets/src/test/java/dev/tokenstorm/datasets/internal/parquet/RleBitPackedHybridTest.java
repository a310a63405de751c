package dev.tokenstorm.datasets.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RleBitPackedHybridTest {

  @Test
  void decodesRleRunThenBitPackedGroup() throws ParquetException {
    // RLE run of 3 copies of 5 (header 3 << 1), then one bit-packed group (header 1 << 1 | 1) of
    // 8 values 0..7 at 3 bits each, least significant bit first.
    ByteBuffer in = ByteBuffer.wrap(new byte[] {6, 5, 3, (byte) 0x88, (byte) 0xC6, (byte) 0xFA});
    int[] out = new int[11];
    RleBitPackedHybrid.decode(in, 3, out, 11);
    assertThat(out).containsExactly(5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void paddingOfTheLastGroupIsNotStored() throws ParquetException {
    ByteBuffer in = ByteBuffer.wrap(new byte[] {3, (byte) 0x88, (byte) 0xC6, (byte) 0xFA});
    int[] out = new int[3];
    RleBitPackedHybrid.decode(in, 3, out, 3);
    assertThat(out).containsExactly(0, 1, 2);
  }

  @Test
  void zeroBitWidthYieldsZeros() throws ParquetException {
    int[] out = {9, 9, 9, 9};
    RleBitPackedHybrid.decode(ByteBuffer.wrap(new byte[] {8}), 0, out, 4);
    assertThat(out).containsOnly(0);
  }

  @Test
  @Timeout(5)
  void zeroWidthHugeRunStopsAtCount() throws ParquetException {
    // Header (2^41 << 1) | 1: 2^44 bit-packed values of width 0, which take no bytes.
    ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, 0x20});
    int[] out = {9, 9, 9};
    RleBitPackedHybrid.decode(in, 0, out, 3);
    assertThat(out).containsOnly(0);
  }

  @Test
  void hugeRleRunFillsOnlyCount() throws ParquetException {
    // An RLE header of 2^63 - 2 (a run of 2^62 - 1 copies) followed by the one-byte value 7.
    byte[] bytes = new byte[11];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) 0xFE;
      if (i > 0) {
        bytes[i] = (byte) 0xFF;
      }
    }
    bytes[8] = 0x7F;
    bytes[9] = 7;
    int[] out = new int[4];
    RleBitPackedHybrid.decode(ByteBuffer.wrap(bytes, 0, 10), 3, out, 4);
    assertThat(out).containsOnly(7);
  }

  @Test
  void dataEndingEarlyIsRejected() {
    int[] out = new int[5];
    assertThatThrownBy(() -> RleBitPackedHybrid.decode(ByteBuffer.wrap(new byte[] {4, 1}), 1,
        out, 5))
        .isInstanceOf(ParquetException.class)
        .hasMessage("RLE/bit-packed data ends after 2 of 5 values");
  }

  @Test
  void bitWidthCoversTheMaximum() {
    assertThat(RleBitPackedHybrid.bitWidth(0)).isZero();
    assertThat(RleBitPackedHybrid.bitWidth(1)).isEqualTo(1);
    assertThat(RleBitPackedHybrid.bitWidth(2)).isEqualTo(2);
    assertThat(RleBitPackedHybrid.bitWidth(7)).isEqualTo(3);
  }
}
