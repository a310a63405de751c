package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Image-and-text records of the multimodal datasets, each sent as one user message with the text
 * and the image as a JPEG data URL. Accepted sources:
 *
 * <ul>
 *   <li>WebDataset tar shards ({@code .tar} files, or a folder searched recursively for them): the
 *       entries of one sample share a key (the name up to the first dot) and carry the image as
 *       {@code jpg}, {@code jpeg} or {@code png} and the text as {@code txt} or inside
 *       {@code json};
 *   <li>a {@code .jsonl} or {@code .json} file of records with the image in {@code image} (a file
 *       path relative to the records file, a {@code data:} or {@code https:} URL, or base64 bytes)
 *       and the text in one of the dataset's text fields;
 *   <li>Parquet files ({@code .parquet}, or a folder searched recursively for them when it has no
 *       tar shards), as Hugging Face {@code datasets} writes them: the image in column
 *       {@code image} as an {@code Image} feature (a struct of {@code bytes} and {@code path}) or
 *       as plain bytes, and the text in a string column named like one of the text fields;
 *   <li>a folder of images ({@code .jpg}, {@code .jpeg}, {@code .png}) each with a text file of the
 *       same name ending in {@code .txt}.
 * </ul>
 *
 * <p>JPEG images are sent as they are; PNG images are re-encoded as JPEG.
 */
final class ImageRecords {

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png");

  private final String dataset;
  private final List<String> textFields;
  private final @Nullable String defaultText;
  private final DatasetContext context;
  private final PassStats stats = new PassStats();

  /**
   * @param textFields the record fields holding the text, in order of preference
   * @param defaultText the text of records without one, or null to skip such records
   */
  ImageRecords(String dataset, List<String> textFields, @Nullable String defaultText,
      DatasetContext context) {
    this.dataset = dataset;
    this.textFields = textFields;
    this.defaultText = defaultText;
    this.context = context;
  }

  /** Opens the rotating iterator over the records at {@code source}. */
  Iterator<Query> open(List<Path> sources, Object description) throws IOException {
    return RotatingIterator.open(() -> pass(sources), context.offset(),
        () -> stats.describeEmpty(dataset, description, "no filter"));
  }

  /**
   * Returns the sources at {@code path}: the file itself, else the tar shards in the folder, else
   * its Parquet files, else the folder as an image folder.
   */
  static List<Path> localSources(Path path, String dataset) throws IOException {
    if (Files.isRegularFile(path)) {
      String name = lower(path);
      if (name.endsWith(".tar") || name.endsWith(".jsonl") || name.endsWith(".json")
          || name.endsWith(".parquet")) {
        return List.of(path);
      }
      throw new IllegalArgumentException("datasetPath " + path + " of dataset '" + dataset
          + "' must be a .tar shard, a .jsonl or .json records file, a .parquet file, or a"
          + " folder");
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("datasetPath " + path + " of dataset '" + dataset
          + "' does not exist; set it to an existing file or folder");
    }
    for (String extension : List.of(".tar", ".parquet")) {
      try (Stream<Path> files = Files.walk(path)) {
        List<Path> shards = files.filter(Files::isRegularFile)
            .filter(file -> lower(file).endsWith(extension)).sorted().toList();
        if (!shards.isEmpty()) {
          return shards;
        }
      }
    }
    return List.of(path);
  }

  private Pass pass(List<Path> sources) {
    Iterator<Path> remaining = sources.iterator();
    return new Pass() {
      private @Nullable Pass current;

      @Override
      public boolean hasNext() {
        try {
          while ((current == null || !current.hasNext()) && remaining.hasNext()) {
            if (current != null) {
              current.close();
            }
            current = sourcePass(remaining.next());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return current != null && current.hasNext();
      }

      @Override
      public Query next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() throws IOException {
        if (current != null) {
          current.close();
        }
      }
    };
  }

  private Pass sourcePass(Path source) throws IOException {
    String name = lower(source);
    if (Files.isDirectory(source)) {
      return folderPass(source);
    }
    if (name.endsWith(".tar")) {
      return tarPass(source);
    }
    if (name.endsWith(".parquet")) {
      return parquetPass(source);
    }
    return recordsPass(source);
  }

  // ------------------------------------------------------------------ records files

  private Pass recordsPass(Path file) throws IOException {
    JsonRecords records = JsonRecords.open(file);
    Path folder = file.toAbsolutePath().getParent();
    return filtered(records, record -> {
      JsonNode value = record.value();
      Optional<String> image = JsonRecords.firstText(value, "image", "image_url", "jpg", "png");
      if (image.isEmpty()) {
        return skip(record.where(), "has no image field (image, image_url, jpg or png)");
      }
      Optional<String> text = text(value);
      if (text.isEmpty()) {
        return skip(record.where(), "has no text field (" + String.join(", ", textFields) + ")");
      }
      return Optional.of(query(text.get(), imageUrl(image.get(), folder, record.where())));
    }, records);
  }

  private String imageUrl(String image, Path folder, String where) {
    if (image.startsWith("data:image/") || image.startsWith("https://")
        || image.startsWith("http://")) {
      return image;
    }
    Path file = folder.resolve(image);
    try {
      if (Files.isRegularFile(file)) {
        return Images.jpegDataUrl(Files.readAllBytes(file), file.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.nio.file.InvalidPathException e) {
      // Not a path: fall through and read it as base64.
    }
    String problem = where + ": image '" + abbreviate(image) + "' is neither an existing file"
        + " (relative to " + folder + "), a data: or https: URL, nor base64 image bytes";
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(image.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem, e);
    }
    try {
      return Images.jpegDataUrl(bytes, where);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem, e);
    }
  }

  // ------------------------------------------------------------------ Parquet files

  private Pass parquetPass(Path file) throws IOException {
    ParquetImageRecords records =
        ParquetImageRecords.open(file, dataset, textFields, defaultText == null);
    Path folder = file.toAbsolutePath().getParent();
    return filtered(records, record -> {
      String url;
      if (record.image() != null) {
        url = Images.jpegDataUrl(record.image(), record.where());
      } else if (record.imagePath() != null) {
        url = imageUrl(record.imagePath(), folder, record.where());
      } else {
        return skip(record.where(), "has no image");
      }
      if (record.text() == null && defaultText == null) {
        return skip(record.where(), "has no text (" + String.join(", ", textFields) + ")");
      }
      return Optional.of(query(record.text() != null ? record.text() : defaultText, url));
    }, records);
  }

  // ------------------------------------------------------------------ tar shards

  private Pass tarPass(Path shard) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(shard));
    Iterator<Sample> samples = new Iterator<>() {
      private @Nullable TarArchiveEntry lookahead;
      private @Nullable byte[] lookaheadBytes;
      private boolean started;

      @Override
      public boolean hasNext() {
        readAhead();
        return lookahead != null;
      }

      @Override
      public Sample next() {
        readAhead();
        if (lookahead == null) {
          throw new NoSuchElementException();
        }
        Sample sample = new Sample(shard + " sample " + key(lookahead.getName()));
        String key = key(lookahead.getName());
        while (lookahead != null && key(lookahead.getName()).equals(key)) {
          sample.add(extension(lookahead.getName()), lookaheadBytes);
          advance();
        }
        return sample;
      }

      private void readAhead() {
        if (!started) {
          started = true;
          advance();
        }
      }

      private void advance() {
        try {
          TarArchiveEntry entry = tar.getNextEntry();
          while (entry != null && !entry.isFile()) {
            entry = tar.getNextEntry();
          }
          lookahead = entry;
          lookaheadBytes = entry == null ? null : tar.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(shard + " is not a readable tar file: "
              + e.getMessage(), e);
        }
      }
    };
    return filtered(samples, sample -> {
      byte[] image = sample.first(IMAGE_EXTENSIONS);
      if (image == null) {
        return skip(sample.where, "has no jpg, jpeg or png entry");
      }
      Optional<String> text = sample.text(textFields);
      if (text.isEmpty() && defaultText == null) {
        return skip(sample.where, "has no txt entry");
      }
      return Optional.of(query(text.orElse(defaultText), Images.jpegDataUrl(image, sample.where)));
    }, tar);
  }

  /** The entries of one WebDataset sample, by extension. */
  private static final class Sample {
    final String where;
    final java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();

    Sample(String where) {
      this.where = where;
    }

    void add(String extension, byte[] bytes) {
      entries.put(extension.toLowerCase(Locale.ROOT), bytes);
    }

    @Nullable byte[] first(Set<String> extensions) {
      for (var entry : entries.entrySet()) {
        if (extensions.contains(entry.getKey())) {
          return entry.getValue();
        }
      }
      return null;
    }

    Optional<String> text(List<String> fields) {
      for (String field : fields) {
        byte[] bytes = entries.get(field);
        if (bytes != null) {
          String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
          if (!text.isEmpty()) {
            return Optional.of(text);
          }
        }
      }
      byte[] json = entries.get("json");
      if (json != null) {
        try {
          JsonNode value = JsonRecords.JSON.readTree(json);
          return JsonRecords.firstText(value, fields.toArray(String[]::new));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }
  }

  /** Returns the WebDataset key of a tar entry: its path up to the first dot of the file name. */
  static String key(String entryName) {
    int slash = entryName.lastIndexOf('/');
    int dot = entryName.indexOf('.', slash + 1);
    return dot < 0 ? entryName : entryName.substring(0, dot);
  }

  private static String extension(String entryName) {
    int slash = entryName.lastIndexOf('/');
    int dot = entryName.indexOf('.', slash + 1);
    return dot < 0 ? "" : entryName.substring(dot + 1);
  }

  // ------------------------------------------------------------------ image folders

  private Pass folderPass(Path folder) throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.list(folder)) {
      images = files.filter(Files::isRegularFile)
          .filter(file -> IMAGE_EXTENSIONS.contains(extension(file.getFileName().toString())
              .toLowerCase(Locale.ROOT)))
          .sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("datasetPath " + folder + " of dataset '" + dataset
          + "' has no .tar shards, no .parquet files and no .jpg, .jpeg or .png images; see"
          + " docs/datasets.md for the accepted layouts");
    }
    return filtered(images.iterator(), image -> {
      Path textFile = image.resolveSibling(key(image.getFileName().toString()) + ".txt");
      try {
        String text = Files.isRegularFile(textFile) ? Files.readString(textFile).strip() : "";
        if (text.isEmpty() && defaultText == null) {
          return skip(image.toString(), "has no text file " + textFile.getFileName());
        }
        return Optional.of(query(text.isEmpty() ? defaultText : text,
            Images.jpegDataUrl(Files.readAllBytes(image), image.toString())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, () -> { });
  }

  // ------------------------------------------------------------------ shared

  private Optional<String> text(JsonNode value) {
    Optional<String> text = JsonRecords.firstText(value, textFields.toArray(String[]::new));
    return text.isPresent() || defaultText == null ? text.map(String::strip)
        : Optional.of(defaultText);
  }

  private Optional<Query> skip(String where, String problem) {
    stats.skipped();
    context.warn(dataset + ": " + where + " " + problem + "; record skipped");
    return Optional.empty();
  }

  private static Query query(String text, String imageUrl) {
    return new ChatQuery(List.of(new ChatMessage("user",
        List.of(new ContentPart.Text(text), ContentPart.Image.of(imageUrl)))));
  }

  private <S> Pass filtered(Iterator<S> source,
      java.util.function.Function<S, Optional<Query>> mapper, java.io.Closeable resource) {
    Iterator<Query> queries = new Iterator<>() {
      private @Nullable Query pending;

      @Override
      public boolean hasNext() {
        while (pending == null && source.hasNext()) {
          stats.read();
          pending = mapper.apply(source.next()).orElse(null);
        }
        return pending != null;
      }

      @Override
      public Query next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Query query = pending;
        pending = null;
        return query;
      }
    };
    return Pass.of(queries, resource);
  }

  private static String lower(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
