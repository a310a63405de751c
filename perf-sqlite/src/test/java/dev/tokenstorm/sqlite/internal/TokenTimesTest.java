package dev.tokenstorm.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenTimesTest {

  private static final long SENT = 9_000_000_000_000L;

  @Test
  void eventsRoundTripExactly() {
    long[][] cases = {
        {},
        {SENT},
        {SENT + 1, SENT + 2, SENT + 3},
        {SENT + 50_000_000, SENT + 62_000_000, SENT + 61_999_999, SENT + 100_000_000},
        {SENT - 5, SENT + 5},
        {SENT + 499, SENT + 999, SENT + 1_500, SENT + 2_000, SENT + 2_499, SENT + 3_000_500},
        {Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MAX_VALUE},
    };
    for (long[] events : cases) {
      TokenTimes.Columns columns = TokenTimes.encode(SENT, events);
      assertThat(TokenTimes.decode(SENT, json(columns), columns.tokenEventNanos(), events.length))
          .containsExactly(events);
    }
  }

  @Test
  void randomTimelinesRoundTripExactly() {
    SplittableRandom random = new SplittableRandom(17);
    for (int run = 0; run < 1_000; run++) {
      long[] events = new long[1 + random.nextInt(200)];
      long time = SENT + random.nextLong(100_000_000);
      for (int i = 0; i < events.length; i++) {
        events[i] = time;
        time += random.nextLong(run % 2 == 0 ? 5_000 : 3_000_000_000L);
      }
      TokenTimes.Columns columns = TokenTimes.encode(SENT, events);
      assertThat(TokenTimes.decode(SENT, json(columns), columns.tokenEventNanos(), events.length))
          .containsExactly(events);
    }
  }

  @Test
  void gapsWrittenAsMicrosecondSeconds() {
    long[] events = {SENT + 1_000, SENT + 1_000 + 17_660_123, SENT + 1_000 + 17_660_623,
        SENT + 1_000 + 1_017_660_623};
    assertThat(json(TokenTimes.encode(SENT, events))).isEqualTo("[0.01766,0.000001,1]");
    assertThat(json(TokenTimes.encode(SENT, new long[] {SENT + 5}))).isEqualTo("[]");
    assertThat(json(TokenTimes.encode(SENT, new long[0]))).isEqualTo("[]");
    assertThat(json(TokenTimes.encode(SENT, new long[] {SENT, SENT - 2_500_000})))
        .isEqualTo("[-0.0025]");
  }

  @Test
  void roundingRemaindersTakeAtMostTwoBytes() {
    long[] events = new long[100];
    SplittableRandom random = new SplittableRandom(3);
    long time = SENT + 40_123_456;
    for (int i = 0; i < events.length; i++) {
      events[i] = time;
      time += 15_000_000 + random.nextLong(10_000_000);
    }
    // Four bytes for the first event (40 ms after the send), then at most two per gap.
    assertThat(TokenTimes.encode(SENT, events).tokenEventNanos())
        .hasSizeLessThanOrEqualTo(4 + 2 * 99);
  }

  @Test
  void wrongEventCountIsRejected() {
    long[] events = {10, 20, 30};
    TokenTimes.Columns columns = TokenTimes.encode(0, events);
    assertThatThrownBy(() -> TokenTimes.decode(0, "[0,0,0]", columns.tokenEventNanos(), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends after 3 of 4 events");
    assertThatThrownBy(() -> TokenTimes.decode(0, "[0]", columns.tokenEventNanos(), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the 2 events");
    assertThatThrownBy(() -> TokenTimes.decode(0, json(columns), columns.tokenEventNanos(), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains more than 1 values");
  }

  @Test
  void versionOneTimelinesDecode() {
    // Version 1 stored 5, then 10 and 10 as zigzag varints: the first event minus sent_ns, then
    // each event minus the one before it.
    byte[] blob = {10, 20, 20};
    assertThat(TokenTimes.decodeVersion1(100, blob, 3)).containsExactly(105, 115, 125);
    assertThatThrownBy(() -> TokenTimes.decodeVersion1(100, blob, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends after 3 of 4 events");
  }

  private static String json(TokenTimes.Columns columns) {
    return new String(columns.interTokenLatencies(), StandardCharsets.US_ASCII);
  }
}
