package dev.tokenstorm.core.internal.plugin.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import java.io.IOException;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Reads the common shape of a streamed OpenAI chunk with Jackson's streaming parser, without
 * building a tree: {@code choices[].index}, the string fields of {@code delta}, a choice's
 * {@code text} and the {@code usage} counts. Every other member is skipped.
 *
 * <p>It reports nothing when it meets anything else: invalid JSON, a non-null {@code error}, tool
 * calls, a field of an unexpected type. {@link #read} then returns false and the decoder handles
 * the event with its tree-based path, which covers every case. So this reader only has to be right
 * for the shapes it accepts, and those produce exactly the calls the tree-based path makes.
 *
 * <p>Not thread-safe; one per decoder.
 */
final class ChunkReader {

  private final JsonFactory factory;

  // Fields of the first choice with index 0, and of the choice being read.
  private @Nullable String reasoningContent;
  private @Nullable String reasoning;
  private @Nullable String content;
  private @Nullable String refusal;
  private @Nullable String text;
  private boolean choiceFound;

  private @Nullable String currentReasoningContent;
  private @Nullable String currentReasoning;
  private @Nullable String currentContent;
  private @Nullable String currentRefusal;
  private @Nullable String currentText;

  private @Nullable Usage usage;

  ChunkReader(JsonFactory factory) {
    this.factory = factory;
  }

  /**
   * Reads {@code data} and, if it has the common shape, reports its tokens and usage to
   * {@code sink} and returns true. Returns false without calling {@code sink} otherwise.
   */
  boolean read(String data, long arrivalNanos, DecodeSink sink) {
    // Jackson checks its string length limit only on strings it reads, not on skipped ones. The tree
    // path reads every string and rejects such events, so long events go there.
    if (data.length() > factory.streamReadConstraints().getMaxStringLength()) {
      return false;
    }
    reset();
    try (JsonParser parser = factory.createParser(data)) {
      if (!readRoot(parser) || parser.nextToken() != null) {
        return false;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (choiceFound) {
      String reasoningText = isNonEmpty(reasoningContent) ? reasoningContent : reasoning;
      report(reasoningText, TokenKind.REASONING, arrivalNanos, sink);
      report(content, TokenKind.CONTENT, arrivalNanos, sink);
      report(refusal, TokenKind.REFUSAL, arrivalNanos, sink);
      report(text, TokenKind.CONTENT, arrivalNanos, sink);
    }
    if (usage != null) {
      sink.usage(usage);
    }
    return true;
  }

  private void reset() {
    reasoningContent = null;
    reasoning = null;
    content = null;
    refusal = null;
    text = null;
    choiceFound = false;
    usage = null;
  }

  private boolean readRoot(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "choices" -> {
          if (value == JsonToken.START_ARRAY) {
            if (!readChoices(parser)) {
              return false;
            }
          } else {
            // A later "choices" member that is not an array hides an earlier one, as in a tree.
            choiceFound = false;
            parser.skipChildren();
          }
        }
        case "usage" -> {
          if (value == JsonToken.START_OBJECT) {
            if (!readUsage(parser)) {
              return false;
            }
          } else if (value == JsonToken.VALUE_NULL) {
            usage = null;
          } else {
            parser.skipChildren();
            usage = null;
          }
        }
        case "error" -> {
          if (value != JsonToken.VALUE_NULL) {
            return false;
          }
        }
        default -> parser.skipChildren();
      }
    }
    return token == JsonToken.END_OBJECT;
  }

  private boolean readChoices(JsonParser parser) throws IOException {
    // A later "choices" member replaces an earlier one, as in a tree.
    choiceFound = false;
    reasoningContent = null;
    reasoning = null;
    content = null;
    refusal = null;
    text = null;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        if (token == null) {
          return false;
        }
        parser.skipChildren();
        continue;
      }
      Boolean indexZero = readChoice(parser);
      if (indexZero == null) {
        return false;
      }
      if (indexZero && !choiceFound) {
        choiceFound = true;
        reasoningContent = currentReasoningContent;
        reasoning = currentReasoning;
        content = currentContent;
        refusal = currentRefusal;
        text = currentText;
      }
    }
    return true;
  }

  /** Reads one choice object and returns whether its index is 0, or null for an unusual shape. */
  private @Nullable Boolean readChoice(JsonParser parser) throws IOException {
    currentReasoningContent = null;
    currentReasoning = null;
    currentContent = null;
    currentRefusal = null;
    currentText = null;
    boolean indexZero = true;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "index" -> {
          if (value == JsonToken.VALUE_NUMBER_INT
              && parser.getNumberType() == JsonParser.NumberType.INT) {
            indexZero = parser.getIntValue() == 0;
          } else if (value == JsonToken.VALUE_NULL) {
            indexZero = true;
          } else {
            return null;
          }
        }
        case "delta" -> {
          if (value == JsonToken.START_OBJECT) {
            if (!readDelta(parser)) {
              return null;
            }
          } else {
            currentReasoningContent = null;
            currentReasoning = null;
            currentContent = null;
            currentRefusal = null;
            parser.skipChildren();
          }
        }
        case "text" -> currentText = stringOrNull(parser, value);
        default -> parser.skipChildren();
      }
      if (name.equals("text") && value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
        return null;
      }
    }
    return token == JsonToken.END_OBJECT ? indexZero : null;
  }

  private boolean readDelta(JsonParser parser) throws IOException {
    currentReasoningContent = null;
    currentReasoning = null;
    currentContent = null;
    currentRefusal = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "reasoning_content", "reasoning", "content", "refusal" -> {
          if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            return false;
          }
          String string = stringOrNull(parser, value);
          switch (name) {
            case "reasoning_content" -> currentReasoningContent = string;
            case "reasoning" -> currentReasoning = string;
            case "content" -> currentContent = string;
            default -> currentRefusal = string;
          }
        }
        case "tool_calls", "function_call" -> {
          if (value != JsonToken.VALUE_NULL) {
            return false;
          }
        }
        default -> parser.skipChildren();
      }
    }
    return token == JsonToken.END_OBJECT;
  }

  private boolean readUsage(JsonParser parser) throws IOException {
    OptionalInt prompt = OptionalInt.empty();
    OptionalInt completion = OptionalInt.empty();
    OptionalInt reasoningTokens = OptionalInt.empty();
    OptionalInt cached = OptionalInt.empty();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "prompt_tokens" -> prompt = count(parser, value);
        case "completion_tokens" -> completion = count(parser, value);
        case "completion_tokens_details", "prompt_tokens_details" -> {
          if (value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
            return false;
          }
          OptionalInt detail = OptionalInt.empty();
          if (value == JsonToken.START_OBJECT) {
            String countField = name.equals("completion_tokens_details")
                ? "reasoning_tokens" : "cached_tokens";
            JsonToken inner;
            while ((inner = parser.nextToken()) == JsonToken.FIELD_NAME) {
              String innerName = parser.currentName();
              JsonToken innerValue = parser.nextToken();
              if (innerName.equals(countField)) {
                detail = count(parser, innerValue);
              } else {
                parser.skipChildren();
              }
            }
            if (inner != JsonToken.END_OBJECT) {
              return false;
            }
          }
          if (name.equals("completion_tokens_details")) {
            reasoningTokens = detail;
          } else {
            cached = detail;
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      return false;
    }
    usage = prompt.isPresent() || completion.isPresent() || reasoningTokens.isPresent()
        || cached.isPresent() ? new Usage(prompt, completion, reasoningTokens, cached) : null;
    return true;
  }

  /** Returns a non-negative int count, or empty for anything else, as the tree path does. */
  private static OptionalInt count(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() == JsonParser.NumberType.INT
        && parser.getIntValue() >= 0) {
      return OptionalInt.of(parser.getIntValue());
    }
    parser.skipChildren();
    return OptionalInt.empty();
  }

  private static @Nullable String stringOrNull(JsonParser parser, JsonToken value)
      throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private static void report(
      @Nullable String value, TokenKind kind, long arrivalNanos, DecodeSink sink) {
    if (isNonEmpty(value)) {
      sink.token(kind, value, arrivalNanos);
    }
  }

  private static boolean isNonEmpty(@Nullable String value) {
    return value != null && !value.isEmpty();
  }
}
