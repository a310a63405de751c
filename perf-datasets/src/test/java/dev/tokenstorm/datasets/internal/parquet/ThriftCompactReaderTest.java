package dev.tokenstorm.datasets.internal.parquet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ThriftCompactReaderTest {

  @Test
  void deeplyNestedListsAreRejected() {
    // Each 0x19 is a list of one element whose type is again a list.
    byte[] nested = new byte[200_000];
    Arrays.fill(nested, (byte) 0x19);
    ThriftCompactReader reader = new ThriftCompactReader(ByteBuffer.wrap(nested));

    assertThatThrownBy(() -> reader.skip(9))
        .isInstanceOf(ParquetException.class)
        .hasMessage("Thrift values are nested deeper than 64");
  }
}
