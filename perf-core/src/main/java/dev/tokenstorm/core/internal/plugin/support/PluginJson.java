package dev.tokenstorm.core.internal.plugin.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenstorm.api.query.RawBodyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** JSON helpers for request bodies and responses. Stateless apart from the mapper it is given. */
public final class PluginJson {

  /** Body keys with this prefix are request metadata of evalscope-style datasets, never sent. */
  public static final String META_KEY_PREFIX = "__evalscope_";

  /** How many characters of a body or event a failure message quotes. */
  public static final int QUOTED_CHARS = 200;

  private final ObjectMapper mapper;

  /**
   * Returns a new mapper for response decoding. Its buffers come from a pool shared by all
   * threads: Jackson's default pool keeps buffers per thread, which does nothing for the short-lived
   * virtual threads that deliver response bytes, so every parse would allocate fresh buffers.
   */
  public static ObjectMapper newMapper() {
    return new ObjectMapper(
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
  }

  /** Creates helpers that read and write with {@code mapper}. */
  public PluginJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Returns the mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Parses {@code text}, or returns null when it is not valid JSON. */
  public @Nullable JsonNode parse(String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Parses a raw body query into a mutable JSON object without its {@code __evalscope_} keys.
   *
   * @throws IllegalArgumentException if the body is not a JSON object
   */
  public ObjectNode rawBody(RawBodyQuery raw) {
    JsonNode parsed = parse(raw.jsonBody());
    if (!(parsed instanceof ObjectNode body)) {
      throw new IllegalArgumentException(
          "the raw request body must be a JSON object but was "
              + (parsed == null
                  ? "invalid JSON"
                  : parsed.getNodeType().toString().toLowerCase(Locale.ROOT))
              + ": "
              + abbreviate(raw.jsonBody(), QUOTED_CHARS));
    }
    List<String> metaKeys = new ArrayList<>();
    body.fieldNames().forEachRemaining(
        key -> {
          if (key.startsWith(META_KEY_PREFIX)) {
            metaKeys.add(key);
          }
        });
    body.remove(metaKeys);
    return body;
  }

  /**
   * Parses a query template, which must be a JSON object.
   *
   * @throws IllegalArgumentException if it is not
   */
  public ObjectNode template(String text) {
    JsonNode parsed = parse(text);
    if (!(parsed instanceof ObjectNode node)) {
      throw new IllegalArgumentException(
          "queryTemplate must be a JSON object but was: " + abbreviate(text, QUOTED_CHARS));
    }
    return node;
  }

  /** Writes {@code body} as JSON text. */
  public String write(JsonNode body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A tree of plain JSON nodes always serialises.
      throw new IllegalStateException("request body could not be serialised", e);
    }
  }

  /**
   * Writes {@code extraArgs} into {@code body}; with {@code fill}, keys the body already has are
   * kept.
   */
  public void putExtraArgs(ObjectNode body, Map<String, Object> extraArgs, boolean fill) {
    for (Map.Entry<String, Object> extra : extraArgs.entrySet()) {
      if (!fill || !body.has(extra.getKey())) {
        body.set(extra.getKey(), mapper.valueToTree(extra.getValue()));
      }
    }
  }

  /**
   * Replaces {@code %m} by {@code model} and {@code %p} by {@code prompt} in every string value of
   * {@code node}, in place, in one pass per string.
   *
   * @return true if a {@code %p} was replaced
   * @throws IllegalArgumentException if the template uses {@code %m} and no model is set
   */
  public static boolean substitute(JsonNode node, @Nullable String model, String prompt) {
    boolean placed = false;
    if (node instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        JsonNode child = object.get(key);
        if (child.isTextual()) {
          String replaced = replace(child.textValue(), model, prompt);
          placed |= child.textValue().contains("%p");
          object.put(key, replaced);
        } else {
          placed |= substitute(child, model, prompt);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          String replaced = replace(child.textValue(), model, prompt);
          placed |= child.textValue().contains("%p");
          array.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(replaced));
        } else {
          placed |= substitute(child, model, prompt);
        }
      }
    }
    return placed;
  }

  private static String replace(String text, @Nullable String model, String prompt) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder result = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 1 < text.length() && text.charAt(i + 1) == 'm') {
        if (model == null) {
          throw new IllegalArgumentException(
              "the query template uses %m, but no model is set: set model");
        }
        result.append(model);
        i++;
      } else if (c == '%' && i + 1 < text.length() && text.charAt(i + 1) == 'p') {
        result.append(prompt);
        i++;
      } else {
        result.append(c);
      }
    }
    return result.toString();
  }

  /** Returns a non-negative integer count from {@code node}, or empty. */
  public static OptionalInt count(@Nullable JsonNode node) {
    if (node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0) {
      return OptionalInt.of(node.intValue());
    }
    return OptionalInt.empty();
  }

  /** Returns the first present count among {@code nodes}, or empty. */
  public static OptionalInt firstCount(@Nullable JsonNode... nodes) {
    for (JsonNode node : nodes) {
      OptionalInt value = count(node);
      if (value.isPresent()) {
        return value;
      }
    }
    return OptionalInt.empty();
  }

  /** Returns whether {@code node} is a non-empty string. */
  public static boolean isNonEmptyText(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  /**
   * Returns the server's error text from a JSON error: {@code error.message}, a string
   * {@code error}, a top-level {@code message}, else the error JSON (or {@code raw}) abbreviated.
   */
  public static String errorMessage(@Nullable JsonNode root, String raw) {
    if (root != null) {
      JsonNode error = root.get("error");
      if (error != null && error.isTextual()) {
        return error.textValue();
      }
      JsonNode message =
          error != null && error.isObject() ? error.get("message") : root.get("message");
      if (isNonEmptyText(message)) {
        return message.textValue();
      }
      if (error != null && !error.isNull()) {
        return abbreviate(error.toString(), 2 * QUOTED_CHARS);
      }
    }
    return abbreviate(raw, 2 * QUOTED_CHARS);
  }

  /** Returns whether {@code root} has a non-null {@code error} member. */
  public static boolean hasError(JsonNode root) {
    JsonNode error = root.get("error");
    return error != null && !error.isNull();
  }

  /** Returns {@code text} cut to {@code maxChars} characters, with {@code ...} when cut. */
  public static String abbreviate(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
  }
}
