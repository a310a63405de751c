package dev.tokenstorm.datasets.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small images, WebDataset shards and image records for tests. */
final class ImageFixtures {

  private ImageFixtures() {}

  /** Returns the bytes of a 16x12 image of one colour in {@code format} (jpeg or png). */
  static byte[] image(int shade, String format) throws IOException {
    BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(new Color(shade, 255 - shade, 128));
    graphics.fillRect(0, 0, 16, 12);
    graphics.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  /** Writes a tar shard of {@code count} samples {@code %06d.jpg} + {@code %06d.txt}. */
  static void writeShard(Path shard, int count) throws IOException {
    try (OutputStream file = Files.newOutputStream(shard);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      for (int i = 0; i < count; i++) {
        String key = String.format("%06d", i);
        add(tar, key + ".jpg", image(i * 40, "jpeg"));
        add(tar, key + ".txt", ("caption " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** Writes {@code count} JSON lines with a base64 PNG {@code image} and a {@code textField}. */
  static void writeRecords(Path file, int count, String textField) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append("{\"image\": \"").append(Base64.getEncoder().encodeToString(image(i * 40, "png")))
          .append("\", \"").append(textField).append("\": \"edit ").append(i).append("\"}\n");
    }
    Files.writeString(file, lines.toString());
  }
}
