package dev.tokenstorm.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecondsTest {

  @Test
  void nanosWrittenAsMicrosecondSeconds() {
    assertThat(Seconds.jsonArray(new long[0])).isEqualTo("[]");
    assertThat(Seconds.jsonArray(new long[] {17_660_123, 0, 1_000_000_000, 1_500_000_000}))
        .isEqualTo("[0.01766,0,1,1.5]");
    assertThat(Seconds.jsonArray(new long[] {499, 500, 1_234, 3_000_000_001_499L}))
        .isEqualTo("[0,0.000001,0.000001,3000.000001]");
    assertThat(Seconds.jsonArray(new long[] {-2_500_000})).isEqualTo("[-0.0025]");
  }
}
