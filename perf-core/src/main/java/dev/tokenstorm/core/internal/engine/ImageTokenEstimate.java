package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client-side estimate of the prompt tokens of a chat query's images, used with the tokenizer
 * count when the server sends no usage. As in evalscope, an image counts
 * {@code ceil(height / patchSize) * ceil(width / patchSize)} tokens when its URL is a base64
 * {@code data:} URL whose bytes are a PNG, JPEG, GIF, BMP or WebP image. Only the header is
 * decoded.
 *
 * <p>Other images (an {@code https:} URL, or bytes that are not such an image) add nothing. They
 * are counted for the run's warnings, and the first one is logged once.
 *
 * <p>Thread-safe: one instance serves all request threads of one run.
 */
final class ImageTokenEstimate {

  private final int patchSize;
  private final Consumer<String> warningLog;
  private final AtomicLong remoteImages = new AtomicLong();
  private final AtomicLong unreadableImages = new AtomicLong();
  private final AtomicBoolean logged = new AtomicBoolean();

  /**
   * @param patchSize the edge of one vision patch in pixels, at least 1
   * @param warningLog receives the one-time message about the first image left out
   */
  ImageTokenEstimate(int patchSize, Consumer<String> warningLog) {
    if (patchSize < 1) {
      throw new IllegalArgumentException("patchSize must be at least 1 but was " + patchSize);
    }
    this.patchSize = patchSize;
    this.warningLog = warningLog;
  }

  /** Returns whether {@code chat} has any image part. */
  static boolean hasImages(ChatQuery chat) {
    return chat.messages().stream()
        .anyMatch(message -> message.content().stream()
            .anyMatch(ContentPart.Image.class::isInstance));
  }

  /**
   * Returns the estimated tokens of the images in {@code chat}.
   *
   * @param recordSkips whether images left out count for the warning (false for warmup requests)
   */
  int tokens(ChatQuery chat, boolean recordSkips) {
    long total = 0;
    for (ChatMessage message : chat.messages()) {
      for (ContentPart part : message.content()) {
        if (part instanceof ContentPart.Image image) {
          total += tokens(image.url(), recordSkips);
        }
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  private long tokens(String url, boolean recordSkips) {
    int comma = url.indexOf(',');
    boolean dataUrl = url.regionMatches(true, 0, "data:", 0, 5) && comma > 0
        && url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64");
    if (!dataUrl) {
      skipped(remoteImages, recordSkips, "an image given by URL (" + abbreviate(url) + ")");
      return 0;
    }
    Optional<ImageDimensions> dimensions;
    try (InputStream in = Base64.getMimeDecoder().wrap(new TextStream(url, comma + 1))) {
      dimensions = ImageDimensions.read(in);
    } catch (IOException e) {
      dimensions = Optional.empty();
    }
    if (dimensions.isEmpty()) {
      skipped(unreadableImages, recordSkips, "a data URL that is not a PNG, JPEG, GIF, BMP or"
          + " WebP image (" + abbreviate(url) + ")");
      return 0;
    }
    return dimensions.get().tokens(patchSize);
  }

  private void skipped(AtomicLong counter, boolean record, String description) {
    if (!record) {
      return;
    }
    counter.incrementAndGet();
    if (logged.compareAndSet(false, true)) {
      warningLog.accept("The prompt-token estimate for requests without usage leaves out "
          + description + "; later such images are only counted in the run's warnings");
    }
  }

  /** Returns the warning for the run's report, if any image was left out of the estimate. */
  Optional<String> warning() {
    long remote = remoteImages.get();
    long unreadable = unreadableImages.get();
    long total = remote + unreadable;
    if (total == 0) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (remote > 0) {
      parts.add(remote + " given by URL, which the client does not download");
    }
    if (unreadable > 0) {
      parts.add(unreadable + (unreadable == 1 ? " data URL that is not" : " data URLs that are not")
          + " a PNG, JPEG, GIF, BMP or WebP image");
    }
    return Optional.of("The prompt tokens estimated for requests without server usage leave out "
        + total + (total == 1 ? " image: " : " images: ") + String.join(", and ", parts) + ".");
  }

  private static String abbreviate(String url) {
    return url.length() <= 60 ? url : url.substring(0, 60) + "...";
  }

  /** The characters of a string from an offset, as bytes; base64 text is ASCII. */
  private static final class TextStream extends InputStream {
    private final String text;
    private int position;

    TextStream(String text, int start) {
      this.text = text;
      this.position = start;
    }

    @Override
    public int read() {
      return position < text.length() ? text.charAt(position++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position >= text.length()) {
        return -1;
      }
      int count = Math.min(length, text.length() - position);
      for (int i = 0; i < count; i++) {
        buffer[offset + i] = (byte) text.charAt(position++);
      }
      return count;
    }
  }
}
