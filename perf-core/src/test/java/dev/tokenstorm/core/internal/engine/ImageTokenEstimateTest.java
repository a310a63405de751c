package dev.tokenstorm.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTokenEstimateTest {

  private final List<String> logged = new ArrayList<>();

  private static byte[] encode(int width, int height, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int type = format.equals("bmp") || format.equals("jpeg") ? BufferedImage.TYPE_INT_RGB
        : BufferedImage.TYPE_INT_ARGB;
    assertThat(ImageIO.write(new BufferedImage(width, height, type), format, out)).isTrue();
    return out.toByteArray();
  }

  private static Optional<ImageDimensions> dimensions(byte[] bytes) throws IOException {
    return ImageDimensions.read(new ByteArrayInputStream(bytes));
  }

  private static String dataUrl(String mediaType, byte[] bytes) {
    return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  private static ChatQuery query(String... imageUrls) {
    List<ContentPart> parts = new ArrayList<>();
    parts.add(new ContentPart.Text("describe"));
    for (String url : imageUrls) {
      parts.add(ContentPart.Image.of(url));
    }
    return new ChatQuery(List.of(new ChatMessage("user", parts)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
  void headerGivesWidthAndHeight(String format) throws IOException {
    assertThat(dimensions(encode(57, 29, format))).contains(new ImageDimensions(57, 29));
  }

  @Test
  void jpegSizeIsFoundAfterLargeSegments() throws IOException {
    byte[] jpeg = encode(300, 20, "jpeg");
    // An APP1 segment of 60,000 bytes (as EXIF data can be) between SOI and the frame header.
    ByteBuffer app1 = ByteBuffer.allocate(4 + 59_998);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) 60_000);
    byte[] withApp1 = new byte[jpeg.length + app1.capacity()];
    System.arraycopy(jpeg, 0, withApp1, 0, 2);
    System.arraycopy(app1.array(), 0, withApp1, 2, app1.capacity());
    System.arraycopy(jpeg, 2, withApp1, 2 + app1.capacity(), jpeg.length - 2);
    assertThat(dimensions(withApp1)).contains(new ImageDimensions(300, 20));
  }

  @Test
  void webpHeadersGiveWidthAndHeight() throws IOException {
    ByteBuffer lossless = webp("VP8L");
    lossless.put(20, (byte) 0x2F).putInt(21, (640 - 1) | ((480 - 1) << 14));
    assertThat(dimensions(lossless.array())).contains(new ImageDimensions(640, 480));

    ByteBuffer extended = webp("VP8X");
    extended.put(24, (byte) 99).put(27, (byte) 49);
    assertThat(dimensions(extended.array())).contains(new ImageDimensions(100, 50));

    ByteBuffer lossy = webp("VP8 ");
    lossy.put(23, (byte) 0x9D).put(24, (byte) 0x01).put(25, (byte) 0x2A)
        .putShort(26, (short) 320).putShort(28, (short) 240);
    assertThat(dimensions(lossy.array())).contains(new ImageDimensions(320, 240));
  }

  private static ByteBuffer webp(String chunk) {
    ByteBuffer buffer = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put("RIFF".getBytes()).putInt(32).put("WEBP".getBytes()).put(chunk.getBytes());
    return buffer;
  }

  @Test
  void bytesThatAreNoImageGiveNothing() throws IOException {
    assertThat(dimensions("hello, world".getBytes())).isEmpty();
    assertThat(dimensions(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00})).isEmpty();
    assertThat(dimensions(new byte[0])).isEmpty();
  }

  @Test
  void dataUrlImagesCountCeiledPatches() throws IOException {
    ImageTokenEstimate estimate = new ImageTokenEstimate(28, logged::add);
    String png = dataUrl("image/png", encode(100, 60, "png"));
    String jpeg = dataUrl("image/jpeg", encode(57, 29, "jpeg"));
    // 100 x 60: ceil(60 / 28) * ceil(100 / 28) = 3 * 4; 57 x 29: 2 * 3.
    assertThat(estimate.tokens(query(png, jpeg), true)).isEqualTo(12 + 6);
    assertThat(new ImageTokenEstimate(14, logged::add).tokens(query(png), true))
        .isEqualTo(5 * 8);
    assertThat(estimate.warning()).isEmpty();
    assertThat(logged).isEmpty();
  }

  @Test
  void skippedImagesAddNothingAndWarn() throws IOException {
    ImageTokenEstimate estimate = new ImageTokenEstimate(28, logged::add);
    String png = dataUrl("image/png", encode(28, 28, "png"));
    String notAnImage = dataUrl("image/png", "plain text".getBytes());
    ChatQuery chat = query(png, "https://example.invalid/cat.jpg", notAnImage,
        "https://example.invalid/dog.jpg");
    assertThat(estimate.tokens(chat, true)).isEqualTo(1);
    assertThat(estimate.tokens(chat, true)).isEqualTo(1);
    assertThat(estimate.warning()).contains("The prompt tokens estimated for requests without"
        + " server usage leave out 6 images: 4 given by URL, which the client does not download,"
        + " and 2 data URLs that are not a PNG, JPEG, GIF, BMP or WebP image.");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).contains("https://example.invalid/cat.jpg");
  }

  @Test
  void warmupImagesAreNotWarnedAbout() {
    ImageTokenEstimate estimate = new ImageTokenEstimate(28, logged::add);
    assertThat(estimate.tokens(query("https://example.invalid/cat.jpg"), false)).isZero();
    assertThat(estimate.warning()).isEmpty();
    assertThat(logged).isEmpty();
  }

  @Test
  void base64WithLineBreaksIsDecoded() throws IOException {
    String wrapped = "data:image/png;base64,"
        + Base64.getMimeEncoder().encodeToString(encode(56, 29, "png"));
    assertThat(wrapped).contains("\r\n");
    assertThat(new ImageTokenEstimate(28, logged::add).tokens(query(wrapped), true))
        .isEqualTo(2 * 2);
  }
}
