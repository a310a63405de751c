package dev.tokenstorm.datasets.internal;

import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.dataset.ImageSettings;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.Query;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code random_vl}: the prompts of {@code random}, each sent as one user message with the text
 * followed by {@code imageNum} generated PNG images of {@code imageWidth} x {@code imageHeight}
 * pixels in colour mode {@code imageFormat} ({@code RGB}, {@code RGBA} or {@code L}).
 *
 * <p>Always sends chat messages. The length interval of the text does not count image tokens; a
 * server typically counts about {@code ceil(height / imagePatchSize) * ceil(width /
 * imagePatchSize)} tokens per image on top. Rejects {@code tokenizePrompt}. Takes no
 * {@code datasetArgs}.
 */
public final class RandomVlDataset implements Dataset {

  static final String NAME = "random_vl";

  /** Creates the dataset; it keeps no state between opens. */
  public RandomVlDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) {
    DatasetArgs.of(NAME, context.options(), Set.of());
    Requirements.rejectTokenizePrompt(context, NAME);
    ImageSettings images = checkImages(context.images());
    String mode = Images.checkMode(images.format(), NAME);
    RandomPrompts prompts = RandomPrompts.create(NAME, context);
    return new Lookahead<Query>(index -> {
      List<ContentPart> parts = new ArrayList<>();
      parts.add(new ContentPart.Text(prompts.text(index)));
      SplittableRandom random =
          new SplittableRandom(RandomTokens.itemSeed(prompts.seed() ^ 0x1A2B3C4DL, index));
      for (int i = 0; i < images.count(); i++) {
        parts.add(ContentPart.Image.of(Images.pngDataUrl(
            Images.random(random, images.width(), images.height(), mode))));
      }
      return new ChatQuery(List.of(new ChatMessage("user", parts)));
    }, context.offset(), RandomDataset.LOOKAHEAD_WINDOW, Lookahead.defaultThreads(), NAME);
  }

  private static ImageSettings checkImages(ImageSettings images) {
    if (images.width() <= 0 || images.height() <= 0) {
      throw new IllegalArgumentException("imageWidth and imageHeight of dataset '" + NAME
          + "' must be positive but were " + images.width() + " x " + images.height());
    }
    if (images.count() < 0) {
      throw new IllegalArgumentException("imageNum of dataset '" + NAME
          + "' must be 0 or more but was " + images.count());
    }
    return images;
  }
}
