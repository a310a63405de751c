package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Counts prompt tokens the simple, documented way: a text counts its whitespace-separated words; a
 * token-id array counts its elements. Stateless.
 */
public final class PromptTokens {

  private PromptTokens() {}

  /**
   * Counts the words of every message's content: a string content, or the {@code text} of each
   * part of an array content (image and other parts count 0).
   *
   * @throws InvalidRequestException if {@code messages} is missing or not an array
   */
  public static int ofMessages(JsonNode body) throws InvalidRequestException {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray()) {
      throw new InvalidRequestException(
          "'messages' is required and must be an array of {role, content} objects");
    }
    int count = 0;
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if (content == null) {
        continue;
      }
      if (content.isTextual()) {
        count += words(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          JsonNode text = part.get("text");
          if (text != null && text.isTextual()) {
            count += words(text.asText());
          }
        }
      }
    }
    return count;
  }

  /**
   * Counts a completions {@code prompt}: the words of a string, the length of a token-id array,
   * the sum over an array of strings or of token-id arrays.
   *
   * @throws InvalidRequestException if {@code prompt} is missing or of another type
   */
  public static int ofPrompt(JsonNode body) throws InvalidRequestException {
    JsonNode prompt = body.get("prompt");
    if (prompt == null) {
      throw new InvalidRequestException(
          "'prompt' is required: a string, an array of strings, or an array of token ids");
    }
    if (prompt.isTextual()) {
      return words(prompt.asText());
    }
    if (!prompt.isArray()) {
      throw new InvalidRequestException(
          "'prompt' must be a string or an array, got " + prompt.getNodeType());
    }
    int count = 0;
    for (JsonNode element : prompt) {
      if (element.isNumber()) {
        count++;
      } else if (element.isTextual()) {
        count += words(element.asText());
      } else if (element.isArray()) {
        count += element.size();
      } else {
        throw new InvalidRequestException(
            "'prompt' array elements must be strings, token ids or token-id arrays, got "
                + element.getNodeType());
      }
    }
    return count;
  }

  /** Returns the number of maximal runs of non-whitespace characters in {@code text}. */
  public static int words(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
