package dev.tokenstorm.testkit.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Ready-made {@link RawScript}s for testing a client's event-stream parser on chat completion
 * streams.
 *
 * <p>Every script starts with {@link RawScript#SSE_HEADERS} (a 200 event stream that ends when the
 * connection closes). In the byte descriptions below, {@code CHUNK(d)} stands for the JSON
 * returned by {@link #chatChunk(String)} with delta {@code d}, {@code TEXT(s)} for {@code
 * CHUNK({"content":"s"})}, {@code USAGE} for {@link #usageChunk(int, int)} with 5 prompt and 2
 * completion tokens, and {@code \n}, {@code \r} stand for the single bytes 0x0A and 0x0D. Unless a
 * script's description differs, each event is flushed on its own and the connection then closes
 * with a FIN.
 *
 * <p>Stateless and thread-safe; each call builds a new script.
 */
public final class RawScripts {

  /** The {@code created} value of every chunk. */
  public static final long CREATED = 1_700_000_000L;

  private static final int PROMPT_TOKENS = 5;
  private static final int COMPLETION_TOKENS = 2;

  private RawScripts() {}

  /**
   * Returns a chat completion chunk with {@code deltaJson} as {@code choices[0].delta}: {@code
   * {"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1700000000,"model":"simulated-model","choices":[{"index":0,"delta":DELTA,"finish_reason":null}]}}.
   */
  public static String chatChunk(String deltaJson) {
    return "{\"id\":\"chatcmpl-raw\",\"object\":\"chat.completion.chunk\",\"created\":"
        + CREATED
        + ",\"model\":\"simulated-model\",\"choices\":[{\"index\":0,\"delta\":"
        + deltaJson
        + ",\"finish_reason\":null}]}";
  }

  /** Returns {@code chatChunk("{\"content\":\"" + text + "\"}")}; {@code text} is not escaped. */
  public static String textChunk(String text) {
    return chatChunk("{\"content\":\"" + text + "\"}");
  }

  /**
   * Returns a usage-only chunk: {@code
   * {"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1700000000,"model":"simulated-model","choices":[],"usage":{"prompt_tokens":P,"completion_tokens":C,"total_tokens":P+C}}}.
   */
  public static String usageChunk(int promptTokens, int completionTokens) {
    return "{\"id\":\"chatcmpl-raw\",\"object\":\"chat.completion.chunk\",\"created\":"
        + CREATED
        + ",\"model\":\"simulated-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (promptTokens + completionTokens)
        + "}}";
  }

  /**
   * Returns a well-formed stream, the baseline the other scripts vary: {@code data: TEXT(Hello)\n\n},
   * {@code data: TEXT( world)\n\n}, {@code data: USAGE\n\n}, {@code data: [DONE]\n\n}. The completion
   * text is {@code "Hello world"}, with 2 completion tokens.
   */
  public static RawScript wellFormed() {
    return eventsWithLineEnd("well-formed", "\n");
  }

  /** Returns {@link #wellFormed()} with every line ended by {@code \r\n}. */
  public static RawScript crlfLineEndings() {
    return eventsWithLineEnd("crlf-line-endings", "\r\n");
  }

  /** Returns {@link #wellFormed()} with every line ended by {@code \r} alone. */
  public static RawScript crLineEndings() {
    return eventsWithLineEnd("cr-line-endings", "\r");
  }

  /**
   * Returns a stream with comments: {@code : keep-alive\n\n}, then {@code data: TEXT(Hello)\n:
   * comment inside an event\n\n}, {@code :\n\n}, {@code data: TEXT( world)\n\n}, {@code data:
   * USAGE\n\n}, {@code data: [DONE]\n\n}. The completion text is {@code "Hello world"}.
   */
  public static RawScript comments() {
    return sse("comments")
        .write(": keep-alive\n\n").flush()
        .write("data: " + textChunk("Hello") + "\n: comment inside an event\n\n").flush()
        .write(":\n\n").flush()
        .write(event(textChunk(" world"))).flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream whose first event only sets the role: {@code data:
   * CHUNK({"role":"assistant","content":""})\n\n}, then the events of {@link #wellFormed()}. The
   * role-only event carries no output.
   */
  public static RawScript roleOnlyFirstChunk() {
    return sse("role-only-first-chunk")
        .write(event(chatChunk("{\"role\":\"assistant\",\"content\":\"\"}"))).flush()
        .write(event(textChunk("Hello"))).flush()
        .write(event(textChunk(" world"))).flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream whose usage-only chunk comes 20 ms after the last content, so a client that
   * counts it as a token event gets a visibly wrong inter-token latency: {@code data:
   * TEXT(Hello)\n\n}, {@code data: TEXT( world)\n\n}, a 20 ms pause, {@code data: USAGE\n\n},
   * {@code data: [DONE]\n\n}.
   */
  public static RawScript usageOnlyChunkAfterPause() {
    return sse("usage-only-chunk-after-pause")
        .write(event(textChunk("Hello"))).flush()
        .write(event(textChunk(" world"))).flush()
        .sleep(Duration.ofMillis(20))
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a 200 stream that fails: {@code data: TEXT(Hello)\n\n}, then {@code data:
   * {"error":{"message":"simulated upstream failure","type":"server_error","code":500}}\n\n},
   * then {@code data: [DONE]\n\n}. A client must fail the request with the server's message.
   */
  public static RawScript errorInsideStream() {
    return sse("error-inside-stream")
        .write(event(textChunk("Hello"))).flush()
        .write(event(
            "{\"error\":{\"message\":\"simulated upstream failure\",\"type\":\"server_error\","
                + "\"code\":500}}"))
        .flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream with invalid UTF-8 in a content string: {@code data: TEXT(Hello)\n\n}, then
   * {@code data: TEXT(ab??cd)\n\n} where {@code ??} are the bytes {@code 0xC3 0x28} (a lead byte
   * followed by a non-continuation byte), then {@code data: USAGE\n\n}, {@code data: [DONE]\n\n}.
   */
  public static RawScript invalidUtf8() {
    byte[] prefix = ("data: " + chatChunk("{\"content\":\"ab")).getBytes(StandardCharsets.UTF_8);
    byte[] invalid = {(byte) 0xC3, (byte) 0x28};
    String[] parts = chatChunk("{\"content\":\"cd\"}").split("\"cd\"", 2);
    byte[] suffix = ("cd\"" + parts[1] + "\n\n").getBytes(StandardCharsets.UTF_8);
    return sse("invalid-utf8")
        .write(event(textChunk("Hello"))).flush()
        .write(concat(prefix, invalid, suffix)).flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream that closes without {@code [DONE]}: {@code data: TEXT(Hello)\n\n}, {@code
   * data: TEXT( world)\n\n}, {@code data: USAGE\n\n}, then a FIN.
   */
  public static RawScript missingDone() {
    return sse("missing-done")
        .write(event(textChunk("Hello"))).flush()
        .write(event(textChunk(" world"))).flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .build();
  }

  /**
   * Returns a stream with one event's JSON spread over two {@code data:} lines, which the
   * event-stream rules join with {@code \n}: {@code data: {"id":"chatcmpl-raw",…,"choices":\n}
   * {@code data: [{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}\n\n}, then
   * {@code data: USAGE\n\n}, {@code data: [DONE]\n\n}. The joined text is valid JSON.
   */
  public static RawScript multiLineData() {
    String chunk = textChunk("Hello");
    int split = chunk.indexOf("[{");
    return sse("multi-line-data")
        .write("data: " + chunk.substring(0, split) + "\ndata: " + chunk.substring(split) + "\n\n")
        .flush()
        .write(event(usageChunk(PROMPT_TOKENS, 1))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream using the optional field forms: {@code retry: 1000\n\n}, {@code id: 1\nevent:
   * message\ndata:TEXT(Hello)\n\n} (no space after the colon), {@code id: 2\ndata: TEXT(
   * world)\n\n}, {@code data: USAGE\n\n}, {@code data: [DONE]\n\n}.
   */
  public static RawScript fieldVariants() {
    return sse("field-variants")
        .write("retry: 1000\n\n").flush()
        .write("id: 1\nevent: message\ndata:" + textChunk("Hello") + "\n\n").flush()
        .write("id: 2\ndata: " + textChunk(" world") + "\n\n").flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream with a malformed event between two good ones: {@code data: TEXT(Hello)\n\n},
   * {@code data: {"choices":[{"index":0,"delta":{"content":"bro\n\n} (JSON cut off), {@code data:
   * TEXT( world)\n\n}, {@code data: USAGE\n\n}, {@code data: [DONE]\n\n}.
   */
  public static RawScript malformedJsonEvent() {
    return sse("malformed-json-event")
        .write(event(textChunk("Hello"))).flush()
        .write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bro\n\n").flush()
        .write(event(textChunk(" world"))).flush()
        .write(event(usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns the body of {@link #wellFormed()} cut at the given byte offsets of the body (not
   * counting the headers), each piece flushed on its own with a 2 ms pause before the next, so
   * events and lines are split wherever the offsets fall.
   *
   * @param offsets strictly increasing offsets, each from 1 to the body length minus 1
   */
  public static RawScript splitAt(int... offsets) {
    byte[] body = wellFormed().bodyBytes();
    int previous = 0;
    RawScript.Builder builder = sse("split-at-" + Arrays.toString(offsets));
    for (int offset : offsets) {
      if (offset <= previous || offset >= body.length) {
        throw new IllegalArgumentException(
            "split offsets must increase strictly within 1.." + (body.length - 1)
                + ", got " + Arrays.toString(offsets));
      }
      builder.write(Arrays.copyOfRange(body, previous, offset)).flush().sleep(Duration.ofMillis(2));
      previous = offset;
    }
    return builder.write(Arrays.copyOfRange(body, previous, body.length)).flush().build();
  }

  /**
   * Returns the body of {@link #wellFormed()} one byte per flush, with a 100 µs pause after each,
   * so every line and event is split at every possible position.
   */
  public static RawScript splitEveryByte() {
    byte[] body = wellFormed().bodyBytes();
    RawScript.Builder builder = sse("split-every-byte");
    for (byte b : body) {
      builder.write(new byte[] {b}).flush().sleep(Duration.ofNanos(100_000));
    }
    return builder.build();
  }

  /**
   * Returns a stream whose multi-byte characters are split across flushes: one event {@code data:
   * TEXT(hé你🙂)\n\n} written in three pieces cut after the first byte of {@code é} (0xC3) and after
   * the second byte of {@code 🙂} (0xF0 0x9F), with 2 ms pauses; then {@code data: USAGE\n\n} with
   * 4 completion tokens and {@code data: [DONE]\n\n}.
   */
  public static RawScript splitInsideUtf8Character() {
    byte[] bytes = event(textChunk("hé你🙂")).getBytes(StandardCharsets.UTF_8);
    int eAcute = indexOf(bytes, (byte) 0xC3);
    int emoji = indexOf(bytes, (byte) 0xF0);
    return sse("split-inside-utf8-character")
        .write(Arrays.copyOfRange(bytes, 0, eAcute + 1)).flush()
        .sleep(Duration.ofMillis(2))
        .write(Arrays.copyOfRange(bytes, eAcute + 1, emoji + 2)).flush()
        .sleep(Duration.ofMillis(2))
        .write(Arrays.copyOfRange(bytes, emoji + 2, bytes.length)).flush()
        .write(event(usageChunk(PROMPT_TOKENS, 4))).flush()
        .write(event("[DONE]")).flush()
        .build();
  }

  /**
   * Returns a stream that is reset mid-way: {@code data: TEXT(Hello)\n\n}, a 50 ms pause (so the
   * client can read it), then a TCP RST. A client sees an {@link java.io.IOException}.
   */
  public static RawScript resetMidStream() {
    return sse("reset-mid-stream")
        .write(event(textChunk("Hello"))).flush()
        .sleep(Duration.ofMillis(50))
        .reset()
        .build();
  }

  private static RawScript eventsWithLineEnd(String name, String lineEnd) {
    String[] payloads = {
      textChunk("Hello"), textChunk(" world"), usageChunk(PROMPT_TOKENS, COMPLETION_TOKENS), "[DONE]"
    };
    RawScript.Builder builder = sse(name);
    for (String payload : payloads) {
      builder.write("data: " + payload + lineEnd + lineEnd).flush();
    }
    return builder.build();
  }

  private static RawScript.Builder sse(String name) {
    return RawScript.builder(name).write(RawScript.SSE_HEADERS).flush();
  }

  private static String event(String payload) {
    return "data: " + payload + "\n\n";
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("byte " + (value & 0xFF) + " not found");
  }
}
