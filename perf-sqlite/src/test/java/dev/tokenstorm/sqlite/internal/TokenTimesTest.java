package dev.tokenstorm.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenTimesTest {

  @Test
  void eventsRoundTripExactly() {
    long sent = 9_000_000_000_000L;
    long[][] cases = {
        {},
        {sent},
        {sent + 1, sent + 2, sent + 3},
        {sent + 50_000_000, sent + 62_000_000, sent + 61_999_999, sent + 100_000_000},
        {sent - 5, sent + 5},
        {Long.MAX_VALUE, Long.MIN_VALUE, 0},
    };
    for (long[] events : cases) {
      byte[] blob = TokenTimes.encode(sent, events);
      assertThat(TokenTimes.decode(sent, blob, events.length)).containsExactly(events);
    }
  }

  @Test
  void millisecondGapsTakeFourBytes() {
    long sent = 1_000_000_000L;
    long[] events = new long[100];
    for (int i = 0; i < events.length; i++) {
      events[i] = sent + 40_000_000 + i * 20_000_000L;
    }
    assertThat(TokenTimes.encode(sent, events)).hasSizeLessThanOrEqualTo(400);
  }

  @Test
  void wrongEventCountIsRejected() {
    byte[] blob = TokenTimes.encode(0, new long[] {10, 20, 30});
    assertThatThrownBy(() -> TokenTimes.decode(0, blob, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends after 3 of 4 events");
    assertThatThrownBy(() -> TokenTimes.decode(0, blob, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the 2 events");
  }
}
