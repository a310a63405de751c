package dev.tokenstorm.testkit.server.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** JSON pieces shared by the OpenAI-style endpoints. Stateless. */
public final class OpenAiJson {

  /** Bytes that start an invalid UTF-8 sequence: a two-byte lead followed by a non-continuation byte. */
  static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};

  private OpenAiJson() {}

  /** Returns {@code text} as a quoted JSON string. */
  public static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /**
   * Returns {@code {"error":{"message":…,"type":…,"param":null,"code":…}}}.
   *
   * @param code the {@code code} value; null writes JSON null
   */
  public static String error(
      ObjectMapper mapper, String message, String type, @Nullable Object code) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.putPOJO("code", code);
    return root.toString();
  }

  /** Returns the OpenAI error type for an HTTP status. */
  public static String errorType(int status) {
    if (status == 429) {
      return "rate_limit_error";
    }
    return status < 500 ? "invalid_request_error" : "server_error";
  }

  /** Adds {@code usage} with prompt, completion and total tokens, and reasoning tokens when any. */
  public static void putUsage(ObjectNode parent, int promptTokens, int outputTokens, int reasoning) {
    ObjectNode usage = parent.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", outputTokens);
    usage.put("total_tokens", promptTokens + outputTokens);
    if (reasoning > 0) {
      usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
    }
  }

  /** Returns the usage object as JSON text, the same fields as {@link #putUsage}. */
  public static String usage(int promptTokens, int outputTokens, int reasoning) {
    StringBuilder usage = new StringBuilder(120)
        .append("{\"prompt_tokens\":").append(promptTokens)
        .append(",\"completion_tokens\":").append(outputTokens)
        .append(",\"total_tokens\":").append(promptTokens + outputTokens);
    if (reasoning > 0) {
      usage.append(",\"completion_tokens_details\":{\"reasoning_tokens\":").append(reasoning).append('}');
    }
    return usage.append('}').toString();
  }

  /**
   * Appends the words of tokens {@code first} to {@code first + count - 1}: {@code word0 word1 …},
   * with a leading space unless {@code first} is 0, so that concatenating all events gives the
   * words separated by single spaces.
   */
  public static void appendWords(StringBuilder out, String word, int first, int count) {
    for (int i = first; i < first + count; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(word).append(i);
    }
  }

  /** Returns the words of tokens 0 to {@code count - 1}, as {@link #appendWords}. */
  public static String words(String word, int count) {
    StringBuilder out = new StringBuilder(count * (word.length() + 5));
    appendWords(out, word, 0, count);
    return out.toString();
  }
}
