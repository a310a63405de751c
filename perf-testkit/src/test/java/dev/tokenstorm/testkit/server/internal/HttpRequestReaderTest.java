package dev.tokenstorm.testkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestReaderTest {

  @Test
  void readsKeepAliveRequestsInSequence() throws Exception {
    HttpRequestReader reader = reader(
        "POST /v1/x?y=1 HTTP/1.1\r\nContent-Length: 2\r\nX-Multi: a\r\nx-multi: b\r\n\r\n{}"
            + "GET /v1/models HTTP/1.1\nHost: h\n\n");

    HttpRequestReader.Head first = reader.readHead();
    byte[] body = reader.readBody(first);
    HttpRequestReader.Head second = reader.readHead();
    reader.readBody(second);

    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.target()).isEqualTo("/v1/x?y=1");
    assertThat(first.headers().get("x-multi")).containsExactly("a", "b");
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(second.method()).isEqualTo("GET");
    assertThat(reader.readHead()).isNull();
  }

  @Test
  void decodesChunkedBodyWithExtensionsAndTrailers() throws Exception {
    HttpRequestReader reader = reader("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3;name=value\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n");

    byte[] body = reader.readBody(reader.readHead());

    assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("abcde");
  }

  @Test
  void rejectsInvalidContentLength() throws Exception {
    HttpRequestReader reader = reader("POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n");
    HttpRequestReader.Head head = reader.readHead();

    assertThatThrownBy(() -> reader.readBody(head))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("ten");
  }

  @Test
  void rejectsOversizedHeaders() {
    String big = "X: " + "a".repeat(HttpRequestReader.MAX_HEAD_BYTES) + "\r\n";
    HttpRequestReader reader = reader("GET / HTTP/1.1\r\n" + big + "\r\n");

    assertThatThrownBy(reader::readHead)
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(431));
  }

  @Test
  void truncatedBodyIsEof() throws Exception {
    HttpRequestReader reader = reader("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    HttpRequestReader.Head head = reader.readHead();

    assertThatThrownBy(() -> reader.readBody(head)).isInstanceOf(EOFException.class);
  }

  private static HttpRequestReader reader(String text) {
    return new HttpRequestReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
  }
}
