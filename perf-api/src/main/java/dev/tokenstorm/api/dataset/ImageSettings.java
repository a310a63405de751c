package dev.tokenstorm.api.dataset;

import java.util.Objects;

/**
 * Settings for images that datasets generate, and for the client-side image-token estimate.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param format the colour mode of generated images, such as {@code RGB} or {@code L}
 * @param count images per request
 * @param patchSize edge of one vision patch in pixels; an image counts as
 *     {@code ceil(height / patchSize) * ceil(width / patchSize)} tokens in client-side estimates
 */
public record ImageSettings(int width, int height, String format, int count, int patchSize) {

  /** The defaults: 224 x 224 RGB, one image, 28-pixel patches. */
  public static final ImageSettings DEFAULTS = new ImageSettings(224, 224, "RGB", 1, 28);

  public ImageSettings {
    Objects.requireNonNull(format, "format");
  }
}
