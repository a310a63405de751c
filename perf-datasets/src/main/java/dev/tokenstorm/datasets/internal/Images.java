package dev.tokenstorm.datasets.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Generated images and image data URLs, encoded with {@code javax.imageio}. */
final class Images {

  /** The colour modes generated images support, named as in PIL. */
  static final List<String> MODES = List.of("RGB", "RGBA", "L");

  private Images() {}

  /** Checks that {@code mode} is a supported colour mode. */
  static String checkMode(String mode, String dataset) {
    String upper = mode.toUpperCase(Locale.ROOT);
    if (!MODES.contains(upper)) {
      throw new IllegalArgumentException("imageFormat '" + mode + "' of dataset '" + dataset
          + "' is not supported; use one of " + String.join(", ", MODES));
    }
    return upper;
  }

  /**
   * Draws an image filled with a random colour and 1 to 5 random shapes (rectangles, ellipses or
   * lines 1 to 5 pixels wide) in random colours.
   */
  static BufferedImage random(SplittableRandom random, int width, int height, String mode) {
    BufferedImage image = new BufferedImage(width, height, switch (mode) {
      case "L" -> BufferedImage.TYPE_BYTE_GRAY;
      case "RGBA" -> BufferedImage.TYPE_INT_ARGB;
      default -> BufferedImage.TYPE_INT_RGB;
    });
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setColor(color(random));
      graphics.fillRect(0, 0, width, height);
      int shapes = 1 + random.nextInt(5);
      for (int i = 0; i < shapes; i++) {
        drawShape(graphics, random, width, height);
      }
    } finally {
      graphics.dispose();
    }
    return image;
  }

  private static void drawShape(Graphics2D graphics, SplittableRandom random, int width,
      int height) {
    int x1 = random.nextInt(width);
    int x2 = random.nextInt(width);
    int y1 = random.nextInt(height);
    int y2 = random.nextInt(height);
    int left = Math.min(x1, x2);
    int top = Math.min(y1, y2);
    int shapeWidth = Math.max(1, Math.abs(x2 - x1));
    int shapeHeight = Math.max(1, Math.abs(y2 - y1));
    graphics.setColor(color(random));
    switch (random.nextInt(3)) {
      case 0 -> graphics.fillRect(left, top, shapeWidth, shapeHeight);
      case 1 -> graphics.fillOval(left, top, shapeWidth, shapeHeight);
      default -> {
        graphics.setStroke(new BasicStroke(1 + random.nextInt(5)));
        graphics.drawLine(x1, y1, x2, y2);
      }
    }
  }

  private static Color color(SplittableRandom random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  /** Returns {@code image} as a {@code data:image/png;base64,...} URL. */
  static String pngDataUrl(BufferedImage image) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(encode(image, "png"));
  }

  /**
   * Returns the image in {@code bytes} as a {@code data:image/jpeg;base64,...} URL. JPEG bytes are
   * kept as they are; other formats that {@code javax.imageio} reads (PNG, BMP, GIF) are
   * re-encoded as JPEG with any alpha channel dropped.
   *
   * @throws IllegalArgumentException if the bytes are not an image {@code javax.imageio} reads
   */
  static String jpegDataUrl(byte[] bytes, String where) {
    if (bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
        && (bytes[2] & 0xFF) == 0xFF) {
      return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes);
    }
    BufferedImage source;
    try {
      source = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " is not a readable image: " + e.getMessage(), e);
    }
    if (source == null) {
      throw new IllegalArgumentException(where + " is not an image in a format javax.imageio"
          + " reads (JPEG, PNG, BMP, GIF)");
    }
    BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < source.getHeight(); y++) {
      for (int x = 0; x < source.getWidth(); x++) {
        rgb.setRGB(x, y, source.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(encode(rgb, "jpeg"));
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("javax.imageio has no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
