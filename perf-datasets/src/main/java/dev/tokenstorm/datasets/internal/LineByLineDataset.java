package dev.tokenstorm.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code line_by_line}: one request per non-blank line of {@code datasetPath}, stripped.
 *
 * <ul>
 *   <li>A plain-text line is a prompt: a user message with {@code applyChatTemplate}, else a
 *       {@code prompt} string. The prompt-length filter and the text options of
 *       {@code datasetArgs} apply to it.
 *   <li>A line holding a JSON array is a list of chat messages. Messages with only {@code role} and
 *       {@code content} (a string, or {@code text} and {@code image_url} parts) become a chat
 *       query; others (with {@code tool_calls}, {@code name} and the like) are sent verbatim as
 *       the body's {@code messages}.
 *   <li>A line holding a JSON object is a complete request body, sent as it is; the run's
 *       generation settings only fill in fields it leaves out.
 * </ul>
 *
 * <p>JSON lines bypass the length options, so combining them with {@code target_input_len} is an
 * error. A line that starts with {@code [} or <code>{</code> but is not valid JSON is sent as a
 * plain prompt and reported as a warning.
 *
 * <p>The file is read as UTF-8; a byte order mark and Windows line endings are accepted.
 */
public final class LineByLineDataset implements Dataset {

  static final String NAME = "line_by_line";

  /** Creates the dataset; it keeps no state between opens. */
  public LineByLineDataset() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    DatasetArgs args = DatasetArgs.of(NAME, context.options(), DatasetArgs.TEXT_KEYS);
    Path file = Requirements.datasetPath(context, NAME, "a text file with one prompt per line");
    checkIsFile(file, NAME);
    TextPrompts prompts = TextPrompts.create(NAME, context, args);
    PassStats stats = new PassStats();
    return RotatingIterator.open(() -> new LinePass(file, prompts, context, stats, true),
        context.offset(), () -> stats.describeEmpty(NAME, file, prompts.describe()));
  }

  static void checkIsFile(Path file, String dataset) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + dataset
          + "' is a folder; set it to a text file with one prompt per line");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("datasetPath " + file + " of dataset '" + dataset
          + "' does not exist; set it to a text file with one prompt per line");
    }
  }

  /** A pass over the lines of the file. */
  static final class LinePass implements Pass {
    private final TextLines lines;
    private final Iterator<TextLines.Line> source;
    private final TextPrompts prompts;
    private final DatasetContext context;
    private final PassStats stats;
    private final boolean jsonLines;
    private @Nullable Query pending;

    LinePass(Path file, TextPrompts prompts, DatasetContext context, PassStats stats,
        boolean jsonLines) throws IOException {
      this.lines = TextLines.open(file);
      this.source = lines.nonBlankLines();
      this.prompts = prompts;
      this.context = context;
      this.stats = stats;
      this.jsonLines = jsonLines;
    }

    @Override
    public boolean hasNext() {
      while (pending == null && source.hasNext()) {
        TextLines.Line line = source.next();
        stats.read();
        Optional<Query> query = toQuery(line);
        if (query.isPresent()) {
          pending = query.get();
        } else {
          stats.filtered();
        }
      }
      return pending != null;
    }

    private Optional<Query> toQuery(TextLines.Line line) {
      String text = line.text().strip();
      if (jsonLines && (text.startsWith("[") || text.startsWith("{"))) {
        JsonNode json = parseOrNull(text);
        if (json != null && (json.isArray() || json.isObject())) {
          if (prompts.hasTargetLength()) {
            throw new IllegalArgumentException(line.where() + " is a JSON line, which"
                + " target_input_len cannot shorten or pad; remove target_input_len from"
                + " datasetArgs or use plain-text lines");
          }
          return Optional.of(json.isArray() ? messagesQuery(json, line) : RawBodyQuery.of(text));
        }
        context.warn(NAME + ": " + line.where() + " starts with '" + text.charAt(0)
            + "' but is not valid JSON; sent as a plain prompt");
      }
      return prompts.toQuery(text);
    }

    private static @Nullable JsonNode parseOrNull(String text) {
      try {
        return JsonRecords.JSON.readTree(text);
      } catch (IOException e) {
        return null;
      }
    }

    private static Query messagesQuery(JsonNode array, TextLines.Line line) {
      Optional<List<dev.tokenstorm.api.query.ChatMessage>> messages =
          ChatMessages.convert(array, line.where());
      if (messages.isPresent()) {
        return new ChatQuery(messages.get());
      }
      ObjectNode body = JsonRecords.JSON.createObjectNode();
      body.set("messages", array);
      return RawBodyQuery.of(body.toString());
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

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
