package dev.tokenstorm.datasets.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tojson} filter as Hugging Face defines it for chat templates: Python's
 * {@code json.dumps} with {@code ensure_ascii=False}, so non-ASCII text stays as it is and the
 * separators are {@code ", "} and {@code ": "} (or {@code ","} and {@code ": "} with an indent).
 */
final class PythonJson implements Filter {

  @Override
  public String getName() {
    return "tojson";
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
    Integer indent = args.length > 0 && args[0] != null ? Integer.valueOf(args[0]) : null;
    return dumps(value, indent);
  }

  @Override
  public Object filter(
      Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
    Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
    return dumps(value, indent == null ? null : ((Number) toNumber(indent)).intValue());
  }

  private static Object toNumber(Object value) {
    return value instanceof Number ? value : Integer.valueOf(value.toString());
  }

  /** Serializes {@code value} as Python's {@code json.dumps(value, ensure_ascii=False)} does. */
  static String dumps(@Nullable Object value, @Nullable Integer indent) {
    StringBuilder out = new StringBuilder();
    write(out, value, indent, 0);
    return out.toString();
  }

  private static void write(StringBuilder out, @Nullable Object value, @Nullable Integer indent,
      int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Double || value instanceof Float) {
      writeFloat(out, ((Number) value).doubleValue());
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(out, map, indent, depth);
    } else if (value instanceof Iterable<?> items) {
      writeList(out, items, indent, depth);
    } else if (value instanceof Object[] array) {
      writeList(out, java.util.Arrays.asList(array), indent, depth);
    } else {
      writeString(out, value.toString());
    }
  }

  private static void writeMap(StringBuilder out, Map<?, ?> map, @Nullable Integer indent,
      int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      separator(out, first, indent, depth + 1);
      first = false;
      writeString(out, String.valueOf(entry.getKey()));
      out.append(": ");
      write(out, entry.getValue(), indent, depth + 1);
    }
    close(out, '}', indent, depth);
  }

  private static void writeList(StringBuilder out, Iterable<?> items, @Nullable Integer indent,
      int depth) {
    if (!items.iterator().hasNext()) {
      out.append("[]");
      return;
    }
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      separator(out, first, indent, depth + 1);
      first = false;
      write(out, item, indent, depth + 1);
    }
    close(out, ']', indent, depth);
  }

  private static void separator(StringBuilder out, boolean first, @Nullable Integer indent,
      int depth) {
    if (indent == null) {
      out.append(first ? "" : ", ");
      return;
    }
    out.append(first ? "" : ",").append('\n').append(" ".repeat(indent * depth));
  }

  private static void close(StringBuilder out, char bracket, @Nullable Integer indent, int depth) {
    if (indent != null) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
    out.append(bracket);
  }

  private static void writeFloat(StringBuilder out, double value) {
    if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "Infinity" : "-Infinity");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e16) {
      out.append((long) value).append(".0");
    } else {
      out.append(value);
    }
  }

  private static void writeString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
