package dev.tokenstorm.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecondsTest {

  @Test
  void microsWrittenAsSecondsWithoutTrailingZeros() {
    assertThat(written(0)).isEqualTo("0");
    assertThat(written(17_660)).isEqualTo("0.01766");
    assertThat(written(1)).isEqualTo("0.000001");
    assertThat(written(999_999)).isEqualTo("0.999999");
    assertThat(written(100_000)).isEqualTo("0.1");
    assertThat(written(1_000_000)).isEqualTo("1");
    assertThat(written(1_500_000)).isEqualTo("1.5");
    assertThat(written(3_000_000_001L)).isEqualTo("3000.000001");
    assertThat(written(-2_500)).isEqualTo("-0.0025");
    assertThat(written(-1_000_000)).isEqualTo("-1");
    assertThat(written(Long.MAX_VALUE)).isEqualTo("9223372036854.775807");
    assertThat(written(Long.MIN_VALUE + 1)).isEqualTo("-9223372036854.775807");
  }

  @Test
  void writtenValuesParseBack() {
    long[] values = {0, 1, 17_660, 999_999, 1_000_000, 1_500_000, 3_000_000_001L, -2_500,
        -1_000_000, 123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE + 1};
    StringBuilder json = new StringBuilder("[");
    for (long value : values) {
      json.append(json.length() > 1 ? "," : "").append(written(value));
    }
    json.append(']');
    assertThat(Seconds.parseMicrosArray(json.toString(), values.length)).containsExactly(values);
    assertThat(Seconds.parseMicrosArray("[]", 0)).isEmpty();
  }

  @Test
  void malformedArraysRejected() {
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[0.1,0.2]", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains 2 values instead of 3");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[0.1,0.2]", 1))
        .hasMessageContaining("contains more than 1 values");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[0.1234567]", 1))
        .hasMessageContaining("'0.1234567' is not a whole number of microseconds");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[1e-3]", 1))
        .hasMessageContaining("contains 'e'");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[0.1,]", 1))
        .hasMessageContaining("ends with a comma");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("[,0.1]", 1))
        .hasMessageContaining("'' is not a number of seconds");
    assertThatThrownBy(() -> Seconds.parseMicrosArray("0.1", 1))
        .hasMessageContaining("not a JSON array");
  }

  private static String written(long micros) {
    byte[] out = new byte[Seconds.MAX_CHARS];
    int end = Seconds.writeMicros(out, 0, micros);
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }
}
