package dev.tokenstorm.datasets.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import org.jspecify.annotations.Nullable;

/**
 * Resolves calls of Python {@code str} methods on strings inside templates, such as
 * {@code content.startswith('x')} or {@code content.split('</think>')[-1]}, which chat templates
 * use and jinjava does not provide. Placed before jinjava's default resolver; calls it does not
 * know fall through unchanged.
 */
final class PythonStringMethods extends ELResolver {

  @Override
  public @Nullable Object invoke(ELContext context, @Nullable Object base, @Nullable Object method,
      Class<?> @Nullable [] paramTypes, Object @Nullable [] params) {
    if (!(base instanceof String text) || !(method instanceof String name)) {
      return null;
    }
    Optional<Object> result = call(text, name, params == null ? new Object[0] : params);
    if (result.isEmpty()) {
      return null;
    }
    context.setPropertyResolved(true);
    return result.get();
  }

  /** Applies the Python {@code str} method {@code name}, or returns empty if it is not supported. */
  static Optional<Object> call(String text, String name, Object[] args) {
    Object result = switch (name) {
      case "strip" -> strip(text, charsArgument(args), true, true);
      case "lstrip" -> strip(text, charsArgument(args), true, false);
      case "rstrip" -> strip(text, charsArgument(args), false, true);
      case "startswith" -> matchesAny(args, text::startsWith);
      case "endswith" -> matchesAny(args, text::endsWith);
      case "split" -> split(text, stringArgument(args, 0), intArgument(args, 1));
      case "upper" -> text.toUpperCase(Locale.ROOT);
      case "lower" -> text.toLowerCase(Locale.ROOT);
      case "title" -> title(text);
      case "capitalize" -> text.isEmpty() ? text
          : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1).toLowerCase(Locale.ROOT);
      case "replace" -> replace(text, args);
      case "find" -> args.length == 0 ? null : text.indexOf(String.valueOf(args[0]));
      case "count" -> args.length == 0 ? null : count(text, String.valueOf(args[0]));
      case "splitlines" -> text.lines().toList();
      default -> null;
    };
    return Optional.ofNullable(result);
  }

  private static @Nullable String charsArgument(Object[] args) {
    return args.length > 0 && args[0] != null ? args[0].toString() : null;
  }

  private static @Nullable String stringArgument(Object[] args, int index) {
    return args.length > index && args[index] != null ? args[index].toString() : null;
  }

  private static int intArgument(Object[] args, int index) {
    return args.length > index && args[index] instanceof Number n ? n.intValue() : -1;
  }

  private static String strip(String text, @Nullable String chars, boolean left, boolean right) {
    int start = 0;
    int end = text.length();
    while (left && start < end && isStripped(text.charAt(start), chars)) {
      start++;
    }
    while (right && end > start && isStripped(text.charAt(end - 1), chars)) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isStripped(char c, @Nullable String chars) {
    return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
  }

  private static @Nullable Boolean matchesAny(Object[] args, java.util.function.Predicate<String> test) {
    if (args.length == 0) {
      return null;
    }
    if (args[0] instanceof Iterable<?> options) {
      for (Object option : options) {
        if (test.test(String.valueOf(option))) {
          return true;
        }
      }
      return false;
    }
    return test.test(String.valueOf(args[0]));
  }

  private static List<String> split(String text, @Nullable String separator, int maxSplit) {
    List<String> parts = new ArrayList<>();
    if (separator == null) {
      for (String part : text.strip().split("\\s+", maxSplit < 0 ? 0 : maxSplit + 1)) {
        if (!part.isEmpty()) {
          parts.add(part);
        }
      }
      return parts;
    }
    int start = 0;
    int index = text.indexOf(separator);
    while (index >= 0 && !separator.isEmpty() && (maxSplit < 0 || parts.size() < maxSplit)) {
      parts.add(text.substring(start, index));
      start = index + separator.length();
      index = text.indexOf(separator, start);
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static String title(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean previousIsLetter = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(previousIsLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousIsLetter = Character.isLetter(c);
    }
    return out.toString();
  }

  private static @Nullable String replace(String text, Object[] args) {
    if (args.length < 2) {
      return null;
    }
    String target = String.valueOf(args[0]);
    String replacement = String.valueOf(args[1]);
    int limit = intArgument(args, 2);
    if (limit < 0) {
      return text.replace(target, replacement);
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    for (int done = 0; done < limit; done++) {
      int index = text.indexOf(target, start);
      if (index < 0) {
        break;
      }
      out.append(text, start, index).append(replacement);
      start = index + target.length();
    }
    return out.append(text.substring(start)).toString();
  }

  private static int count(String text, String part) {
    if (part.isEmpty()) {
      return text.length() + 1;
    }
    int count = 0;
    for (int index = text.indexOf(part); index >= 0; index = text.indexOf(part, index + part.length())) {
      count++;
    }
    return count;
  }

  // The resolver only handles method calls; property reads fall through to the next resolver.

  @Override
  public @Nullable Class<?> getCommonPropertyType(ELContext context, @Nullable Object base) {
    return null;
  }

  @Override
  public @Nullable Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context,
      @Nullable Object base) {
    return null;
  }

  @Override
  public @Nullable Class<?> getType(ELContext context, @Nullable Object base,
      @Nullable Object property) {
    return null;
  }

  @Override
  public @Nullable Object getValue(ELContext context, @Nullable Object base,
      @Nullable Object property) {
    return null;
  }

  @Override
  public boolean isReadOnly(ELContext context, @Nullable Object base, @Nullable Object property) {
    return true;
  }

  @Override
  public void setValue(ELContext context, @Nullable Object base, @Nullable Object property,
      @Nullable Object value) {
    // Read-only: assignments are left to the next resolver.
  }
}
