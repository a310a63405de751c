package dev.tokenstorm.api.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One part of a multimodal chat message. */
public sealed interface ContentPart {

  /**
   * A text part.
   *
   * @param text the text; may be empty
   */
  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image part, sent as {@code {"type":"image_url","image_url":{"url":...}}}.
   *
   * @param url an {@code https:} URL or a {@code data:image/...;base64,...} URL
   * @param detail the OpenAI {@code detail} hint ({@code low}, {@code high}, {@code auto}), or null
   *     to leave it out
   */
  record Image(String url, @Nullable String detail) implements ContentPart {
    public Image {
      Objects.requireNonNull(url, "url");
    }

    /** Returns an image part without a detail hint. */
    public static Image of(String url) {
      return new Image(url, null);
    }
  }
}
