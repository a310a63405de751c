package dev.tokenstorm.core.internal.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenstorm.api.dataset.Dataset;
import dev.tokenstorm.api.dataset.DatasetContext;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RawBodyQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads {@code datasetPath} one line at a time (UTF-8; a leading BOM and CRLF line ends are
 * accepted). Each non-blank line, stripped, becomes one query:
 *
 * <ul>
 *   <li>a JSON array: chat messages, each an object with {@code role} and {@code content} (a
 *       string, or an array of {@code text} and {@code image_url} parts);
 *   <li>a JSON object: a complete request body, sent as given ({@link RawBodyQuery});
 *   <li>anything else: a prompt, sent as one user message when the run uses the chat template,
 *       otherwise as a plain prompt.
 * </ul>
 *
 * <p>Plain-text lines outside {@code [minPromptLength, maxPromptLength]} are skipped and reported as
 * a warning; the length is counted in tokens when the run has a tokenizer, else in characters.
 * A line that starts like JSON but does not parse fails the run with its line number.
 */
public final class LineByLineDataset implements Dataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "line_by_line";
  }

  @Override
  public Iterator<Query> open(DatasetContext context) throws IOException {
    Path path = context.path().orElseThrow(() -> new IllegalArgumentException(
        "dataset 'line_by_line' needs datasetPath: a text file with one prompt per line"));
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("dataset 'line_by_line': datasetPath " + path.toAbsolutePath()
          + " is not a regular file; point it at a text file with one prompt per line");
    }
    return new LineIterator(path, context);
  }

  private static final class LineIterator implements Iterator<Query>, AutoCloseable {
    private final Path path;
    private final DatasetContext context;
    private final BufferedReader reader;
    private int lineNumber;
    private Query next;
    private int skipped;

    LineIterator(Path path, DatasetContext context) throws IOException {
      this.path = path;
      this.context = context;
      this.reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
      this.next = advance();
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Query next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Query current = next;
      next = advance();
      return current;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }

    private Query advance() {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
          }
          String text = line.strip();
          if (text.isEmpty()) {
            continue;
          }
          Query query = parse(text);
          if (query != null) {
            return query;
          }
        }
        if (skipped > 0) {
          context.warn("line_by_line: skipped " + skipped + " lines of " + path
              + " whose length was outside [" + context.minPromptLength() + ", "
              + context.maxPromptLength() + "] " + unit());
          skipped = 0;
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("line_by_line: reading " + path + " failed at line "
            + lineNumber, e);
      }
    }

    private Query parse(String text) {
      char first = text.charAt(0);
      if (first == '[' || first == '{') {
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("line_by_line: " + path + " line " + lineNumber
              + " starts like JSON but is not valid JSON (" + e.getOriginalMessage()
              + "); fix the line, or make it plain text that does not start with '[' or '{'");
        }
        return node.isArray() ? messages(node) : RawBodyQuery.of(text);
      }
      int length = context.tokenizerValue().map(t -> t.count(text)).orElse(text.length());
      if (length < context.minPromptLength() || length > context.maxPromptLength()) {
        skipped++;
        return null;
      }
      return context.applyChatTemplate() ? ChatQuery.ofUserText(text) : new PromptQuery(text);
    }

    private ChatQuery messages(JsonNode array) {
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonNode message : array) {
        JsonNode role = message.get("role");
        JsonNode content = message.get("content");
        if (role == null || !role.isTextual() || content == null) {
          throw new IllegalArgumentException("line_by_line: " + path + " line " + lineNumber
              + ": every message needs a string 'role' and a 'content'");
        }
        messages.add(new ChatMessage(role.asText(), parts(content)));
      }
      if (messages.isEmpty()) {
        throw new IllegalArgumentException("line_by_line: " + path + " line " + lineNumber
            + " is an empty message array");
      }
      return new ChatQuery(messages);
    }

    private List<ContentPart> parts(JsonNode content) {
      if (content.isTextual()) {
        return List.of(new ContentPart.Text(content.asText()));
      }
      List<ContentPart> parts = new ArrayList<>();
      for (JsonNode part : content) {
        String type = part.path("type").asText();
        if (type.equals("text")) {
          parts.add(new ContentPart.Text(part.path("text").asText()));
        } else if (type.equals("image_url")) {
          JsonNode image = part.path("image_url");
          String url = image.isTextual() ? image.asText() : image.path("url").asText();
          String detail = image.path("detail").isTextual() ? image.path("detail").asText() : null;
          parts.add(new ContentPart.Image(url, detail));
        } else {
          throw new IllegalArgumentException("line_by_line: " + path + " line " + lineNumber
              + ": content part type '" + type + "' is not supported; use 'text' or 'image_url'");
        }
      }
      return parts;
    }

    private String unit() {
      return context.tokenizerValue().isPresent() ? "tokens" : "characters";
    }
  }
}
