package dev.tokenstorm.core.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenstorm.api.plugin.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SseParserTest {

  /** A stream that exercises every rule: BOM, all line ends, comments, fields, multi-byte text. */
  private static final byte[] RICH_STREAM =
      concat(
          bytes("\uFEFF: keep-alive\r\n"),
          bytes("event: delta\r\nid: 1\r\ndata: {\"text\":\"h\u00e9\"}\r\n\r\n"),
          bytes("data: first line\rdata:second\r\r"),
          bytes(": ping\n"),
          bytes("retry: 2500\nid: 2\ndata:  two spaces\ndata: \u20ac \uD83D\uDE00\n\n"),
          bytes("event: ignored-without-data\n\n"),
          bytes("data\n\n"),
          bytes("unknown: field\ndata: [DONE]\n\n"));

  private static final List<SseEvent> RICH_EVENTS =
      List.of(
          new SseEvent("delta", "{\"text\":\"h\u00e9\"}", "1"),
          new SseEvent("message", "first line\nsecond", "1"),
          new SseEvent("message", " two spaces\n\u20ac \uD83D\uDE00", "2"),
          new SseEvent("message", "", "2"),
          new SseEvent("message", "[DONE]", "2"));

  @Test
  void wholeStreamYieldsExpectedEvents() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(ByteBuffer.wrap(RICH_STREAM), 1);
    parser.finish(2);

    assertThat(recorder.events()).containsExactlyElementsOf(RICH_EVENTS);
    assertThat(parser.comments()).isEqualTo(2);
    assertThat(parser.events()).isEqualTo(5);
    assertThat(parser.retryMillis()).hasValue(2500);
    assertThat(parser.lastEventId()).isEqualTo("2");
    assertThat(parser.ending()).isEqualTo(SseParser.Ending.CLEAN);
    assertThat(parser.bytesParsed()).isEqualTo(RICH_STREAM.length);
  }

  @Test
  void byteByByteFeedingYieldsSameEvents() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    for (int i = 0; i < RICH_STREAM.length; i++) {
      parser.feed(ByteBuffer.wrap(RICH_STREAM, i, 1), i);
    }
    parser.finish(RICH_STREAM.length);

    assertThat(recorder.events()).containsExactlyElementsOf(RICH_EVENTS);
    assertThat(parser.comments()).isEqualTo(2);
  }

  @Test
  void everyTwoWaySplitYieldsSameEvents() {
    for (int split = 0; split <= RICH_STREAM.length; split++) {
      Recorder recorder = new Recorder();
      SseParser parser = new SseParser(recorder);

      parser.feed(ByteBuffer.wrap(RICH_STREAM, 0, split), 1);
      parser.feed(ByteBuffer.wrap(RICH_STREAM, split, RICH_STREAM.length - split), 2);
      parser.finish(3);

      assertThat(recorder.events()).as("split at byte %d", split).containsExactlyElementsOf(RICH_EVENTS);
      assertThat(parser.comments()).as("split at byte %d", split).isEqualTo(2);
    }
  }

  @Test
  void everyThreeWaySplitYieldsSameEvents() {
    byte[] stream = bytes("data: a\u00e9\r\n\r\nid: 7\rdata: \uD83D\uDE00\r\r: c\ndata: z\n\n");
    List<SseEvent> expected =
        List.of(
            new SseEvent("message", "a\u00e9", null),
            new SseEvent("message", "\uD83D\uDE00", "7"),
            new SseEvent("message", "z", "7"));
    for (int first = 0; first <= stream.length; first++) {
      for (int second = first; second <= stream.length; second++) {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder);

        parser.feed(ByteBuffer.wrap(stream, 0, first), 1);
        parser.feed(ByteBuffer.wrap(stream, first, second - first), 2);
        parser.feed(ByteBuffer.wrap(stream, second, stream.length - second), 3);
        parser.finish(4);

        assertThat(recorder.events())
            .as("splits at %d and %d", first, second)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void crlfSplitAcrossFeedsIsOneLineEnd() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: a\r"), 1);
    parser.feed(buffer("\ndata: b\r\n\r"), 2);
    parser.feed(buffer("\n"), 3);

    // Had the LF after the split CR counted as a second line end, "a" would be its own event.
    assertThat(recorder.events()).containsExactly(SseEvent.message("a\nb"));
    assertThat(recorder.arrivals()).containsExactly(2L);
  }

  @Test
  void bareCarriageReturnsEndLines() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: a\rdata: b\r\rdata: c\r\r"), 1);

    assertThat(recorder.events())
        .containsExactly(SseEvent.message("a\nb"), SseEvent.message("c"));
  }

  @Test
  void leadingByteOrderMarkIsSkippedOnceEvenWhenSplit() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    byte[] stream = bytes("\uFEFFdata: x\n\n\uFEFFdata: y\n\n");

    parser.feed(ByteBuffer.wrap(stream, 0, 1), 1);
    parser.feed(ByteBuffer.wrap(stream, 1, 1), 2);
    parser.feed(ByteBuffer.wrap(stream, 2, stream.length - 2), 3);

    // The second BOM is not at the start of the stream, so "\uFEFFdata" is an unknown field.
    assertThat(recorder.events()).containsExactly(SseEvent.message("x"));
  }

  @Test
  void secondByteOrderMarkAtStartIsPartOfFieldName() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("\uFEFF\uFEFFdata: x\n\n"), 1);

    assertThat(recorder.events()).isEmpty();
  }

  @Test
  void commentsAreCountedAndNeverDispatched() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer(": ping\n\n:\n: another\ndata: a\n: inside an event\n\n"), 1);

    assertThat(recorder.events()).containsExactly(SseEvent.message("a"));
    assertThat(parser.comments()).isEqualTo(4);
  }

  @Test
  void dataLinesAreJoinedWithLineFeeds() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: a\ndata:b\ndata:  c\ndata: \n\n"), 1);

    // One space after the colon is removed; a second one is kept.
    assertThat(recorder.events()).containsExactly(SseEvent.message("a\nb\n c\n"));
  }

  @Test
  void eventTypeAppliesToOneEventAndIdPersists() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("event: delta\nid: 7\ndata: x\n\ndata: y\n\nevent:\ndata: z\n\n"), 1);

    assertThat(recorder.events())
        .containsExactly(
            new SseEvent("delta", "x", "7"),
            new SseEvent("message", "y", "7"),
            new SseEvent("message", "z", "7"));
  }

  @Test
  void repeatedEventTypeReusesTheSameString() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("event: delta\ndata: a\n\nevent: delta\ndata: b\n\n"), 1);

    assertThat(recorder.events().get(1).type()).isSameAs(recorder.events().get(0).type());
  }

  @Test
  void idWithNulIsIgnoredAndEmptyIdResets() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("id: 1\ndata: a\n\nid: x\u0000y\ndata: b\n\nid\ndata: c\n\n"), 1);

    assertThat(recorder.events())
        .containsExactly(
            new SseEvent("message", "a", "1"),
            new SseEvent("message", "b", "1"),
            new SseEvent("message", "c", ""));
  }

  @Test
  void retryAcceptsOnlyDigits() {
    SseParser parser = new SseParser(new Recorder());

    parser.feed(buffer("retry: 1500\n\nretry: 15x\n\nretry: -3\n\nretry:\n\n"), 1);

    assertThat(parser.retryMillis()).hasValue(1500);
  }

  @Test
  void retryAbsentUntilSent() {
    SseParser parser = new SseParser(new Recorder());

    parser.feed(buffer("data: a\n\n"), 1);

    assertThat(parser.retryMillis()).isEmpty();
    assertThat(parser.lastEventId()).isNull();
  }

  @Test
  void blocksWithoutDataAreNotDispatched() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("event: x\n\nid: 3\n\nretry: 10\n\n\n\n"), 1);

    assertThat(recorder.events()).isEmpty();
    assertThat(parser.lastEventId()).isEqualTo("3");
  }

  @Test
  void emptyDataLinesDispatchEmptyOrNewlineData() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data:\n\ndata\n\ndata:\ndata:\n\n"), 1);

    assertThat(recorder.events())
        .containsExactly(SseEvent.message(""), SseEvent.message(""), SseEvent.message("\n"));
  }

  @Test
  void multiByteCharactersSplitAtEveryByteDecodeOnce() {
    String text = "\u00e9\u20ac\uD83D\uDE00";
    byte[] stream = bytes("data: " + text + "\n\n");
    for (int split = 6; split < stream.length - 2; split++) {
      Recorder recorder = new Recorder();
      SseParser parser = new SseParser(recorder);

      parser.feed(ByteBuffer.wrap(stream, 0, split), 1);
      parser.feed(ByteBuffer.wrap(stream, split, stream.length - split), 2);

      assertThat(recorder.events()).as("split at byte %d", split).containsExactly(SseEvent.message(text));
    }
  }

  @Test
  void invalidStartByteThrowsWithItsOffset() {
    SseParser parser = new SseParser(new Recorder());
    byte[] stream = concat(bytes("data: a"), new byte[] {(byte) 0xFF}, bytes("b\n\n"));

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream), 1))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(7))
        .hasMessage(
            "invalid UTF-8 at byte offset 7 of the event stream: byte 0xFF cannot start a UTF-8"
                + " character");
  }

  @Test
  void truncatedSequenceThrowsAtTheInterruptingByte() {
    SseParser parser = new SseParser(new Recorder());
    byte[] stream = concat(bytes("data: "), new byte[] {(byte) 0xE2, (byte) 0x82}, bytes("a\n"));

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream), 1))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(8))
        .hasMessageContaining("started at offset 6");
  }

  @Test
  void invalidContinuationInLaterFeedReportsStreamOffset() {
    SseParser parser = new SseParser(new Recorder());
    parser.feed(buffer("data: ok\n\n"), 1);
    parser.feed(ByteBuffer.wrap(concat(bytes("data: "), new byte[] {(byte) 0xE2})), 2);

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(new byte[] {(byte) 0x41}), 3))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(17));
  }

  @Test
  void overlongEncodingIsRejected() {
    SseParser parser = new SseParser(new Recorder());
    byte[] stream = concat(bytes("data: "), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\n\n"));

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream), 1))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(6));
  }

  @Test
  void encodedSurrogateIsRejected() {
    SseParser parser = new SseParser(new Recorder());
    byte[] stream =
        concat(bytes("data: "), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, bytes("\n\n"));

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream), 1))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(7))
        .hasMessageContaining("0xA0 is not a valid continuation byte");
  }

  @Test
  void codePointAboveUnicodeRangeIsRejected() {
    SseParser parser = new SseParser(new Recorder());
    byte[] stream =
        concat(
            bytes("data: "),
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            bytes("\n\n"));

    assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream), 1))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(7));
  }

  @Test
  void streamEndingInsideCharacterThrowsAtFinish() {
    SseParser parser = new SseParser(new Recorder());
    parser.feed(ByteBuffer.wrap(concat(bytes("data: "), new byte[] {(byte) 0xF0, (byte) 0x9F})), 1);

    assertThatThrownBy(() -> parser.finish(2))
        .isInstanceOfSatisfying(
            SseProtocolException.class, e -> assertThat(e.byteOffset()).isEqualTo(6))
        .hasMessageContaining("ended inside a multi-byte character");
  }

  @Test
  void unterminatedJsonPayloadIsDispatchedAtFinish() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: {\"a\":1}\n\ndata: {\"b\":2}"), 10);
    parser.finish(20);

    assertThat(recorder.events())
        .containsExactly(SseEvent.message("{\"a\":1}"), SseEvent.message("{\"b\":2}"));
    assertThat(recorder.arrivals()).containsExactly(10L, 20L);
    assertThat(parser.ending()).isEqualTo(SseParser.Ending.TRAILING_EVENT_DISPATCHED);
  }

  @Test
  void eventWithoutFinalBlankLineIsDispatchedAtFinish() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: [DONE]\n"), 10);
    parser.finish(20);

    assertThat(recorder.events()).containsExactly(SseEvent.message("[DONE]"));
    assertThat(parser.ending()).isEqualTo(SseParser.Ending.TRAILING_EVENT_DISPATCHED);
  }

  @Test
  void trailingFieldsWithoutDataAreDiscardedAtFinish() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: a\n\nevent: x\nda"), 10);
    parser.finish(20);

    assertThat(recorder.events()).containsExactly(SseEvent.message("a"));
    assertThat(parser.ending()).isEqualTo(SseParser.Ending.INCOMPLETE_EVENT_DISCARDED);
  }

  @Test
  void streamEndingOnEventBoundaryIsClean() {
    SseParser parser = new SseParser(new Recorder());

    parser.feed(buffer("data: a\n\n: bye"), 10);
    parser.finish(20);

    assertThat(parser.ending()).isEqualTo(SseParser.Ending.CLEAN);
    assertThat(parser.comments()).isEqualTo(1);
  }

  @Test
  void endingIsOpenBeforeFinishAndFinishIsIdempotent() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    parser.feed(buffer("data: a"), 1);

    assertThat(parser.ending()).isEqualTo(SseParser.Ending.OPEN);
    parser.finish(2);
    parser.finish(3);

    assertThat(recorder.events()).hasSize(1);
  }

  @Test
  void eventCarriesArrivalOfCompletingFeed() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(buffer("data: a"), 100);
    parser.feed(buffer("bc\n"), 200);
    parser.feed(buffer("\ndata: x\n\ndata: y\n\ndata: z"), 300);
    parser.feed(buffer("\n\n"), 400);

    assertThat(recorder.events())
        .containsExactly(
            SseEvent.message("abc"),
            SseEvent.message("x"),
            SseEvent.message("y"),
            SseEvent.message("z"));
    assertThat(recorder.arrivals()).containsExactly(300L, 300L, 300L, 400L);
  }

  @Test
  void readOnlyAndDirectBuffersAreParsed() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    ByteBuffer direct = ByteBuffer.allocateDirect(64);
    direct.put(bytes("data: d\u00e9\n\n")).flip();

    parser.feed(buffer("data: r\n\n").asReadOnlyBuffer(), 1);
    parser.feed(direct, 2);

    assertThat(recorder.events()).containsExactly(SseEvent.message("r"), SseEvent.message("d\u00e9"));
    assertThat(direct.hasRemaining()).isFalse();
  }

  @Test
  void largeEventBeyondScratchSizeIsParsedFromDirectBuffer() {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    String payload = "x".repeat(50_000);
    byte[] stream = bytes("data: " + payload + "\n\n");
    ByteBuffer direct = ByteBuffer.allocateDirect(stream.length);
    direct.put(stream).flip();

    parser.feed(direct, 1);

    assertThat(recorder.events()).containsExactly(SseEvent.message(payload));
  }

  @Test
  void lineLongerThanLimitIsRejected() {
    SseParser parser = new SseParser(new Recorder(), 16);

    assertThatThrownBy(() -> parser.feed(buffer("data: 0123456789abcdef\n\n"), 1))
        .isInstanceOf(SseProtocolException.class)
        .hasMessageContaining("longer than 16 bytes");
  }

  @Test
  void eventDataLongerThanLimitIsRejected() {
    SseParser parser = new SseParser(new Recorder(), 16);

    assertThatThrownBy(() -> parser.feed(buffer("data: 01234\ndata: 56789\ndata: abcd\n\n"), 1))
        .isInstanceOf(SseProtocolException.class)
        .hasMessageContaining("event data longer than 16 bytes");
  }

  @Test
  void feedAfterFinishIsRejected() {
    SseParser parser = new SseParser(new Recorder());
    parser.finish(1);

    assertThatThrownBy(() -> parser.feed(buffer("data: a\n\n"), 2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listenerExceptionPropagatesFromFeed() {
    SseParser parser =
        new SseParser(
            (event, arrival) -> {
              throw new IllegalStateException("listener failed on " + event.data());
            });

    assertThatThrownBy(() -> parser.feed(buffer("data: a\n\n"), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("listener failed on a");
  }

  private static final class Recorder implements SseParser.Listener {
    private final List<SseEvent> events = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();

    @Override
    public void onEvent(SseEvent event, long arrivalNanos) {
      events.add(event);
      arrivals.add(arrivalNanos);
    }

    List<SseEvent> events() {
      return events;
    }

    List<Long> arrivals() {
      return arrivals;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ByteBuffer buffer(String text) {
    return ByteBuffer.wrap(bytes(text));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
