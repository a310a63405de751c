package dev.tokenstorm.datasets.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites a Jinja template so that jinjava renders it as Jinja2 does with the settings Hugging Face
 * uses for chat templates.
 *
 * <p>Two differences are handled here, before jinjava sees the source:
 *
 * <ul>
 *   <li>Whitespace control. Jinja2 applies {@code trim_blocks}, {@code lstrip_blocks}, the {@code -}
 *       and {@code +} tag markers and the removal of one trailing newline in its lexer. jinjava's
 *       {@code lstripBlocks} also strips spaces before a tag in the middle of a line, which Jinja2
 *       does not. This class applies Jinja2's rules to the text between tags and emits tags
 *       without markers, so jinjava must run with trimming and stripping off.
 *   <li>The precedence of {@code not}. Jinja2 parses {@code not x is defined} and
 *       {@code not x == y} as {@code not (x is defined)} and {@code not (x == y)}; jinjava binds
 *       {@code not} to {@code x} alone. Each unary {@code not} gets explicit parentheses around its
 *       operand, which ends at {@code and}, {@code or}, {@code if}, {@code else}, a comma or a
 *       closing bracket.
 * </ul>
 *
 * <p>Comments are dropped. {@code raw} blocks are kept verbatim.
 */
final class JinjaSource {

  private static final Set<String> OPERAND_END_WORDS = Set.of("and", "or", "if", "else");

  private final String source;
  private final StringBuilder out = new StringBuilder();
  private int pos;
  private boolean lineStarting = true;

  private JinjaSource(String source) {
    this.source = source;
  }

  /**
   * Returns {@code template} rewritten for jinjava.
   *
   * @throws IllegalArgumentException if a tag or comment is not closed; the message gives the line
   */
  static String prepare(String template) {
    String normalized = template.replace("\r\n", "\n").replace('\r', '\n');
    if (normalized.endsWith("\n")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    JinjaSource prepared = new JinjaSource(normalized);
    prepared.run();
    return prepared.out.toString();
  }

  private void run() {
    while (pos < source.length()) {
      int start = nextTagStart(pos);
      if (start < 0) {
        out.append(source, pos, source.length());
        return;
      }
      char kind = source.charAt(start + 1);
      char sign = start + 2 < source.length() ? source.charAt(start + 2) : ' ';
      boolean hasSign = sign == '-' || sign == '+';
      out.append(leadingText(source.substring(pos, start), kind, hasSign ? sign : ' '));
      int bodyStart = start + 2 + (hasSign ? 1 : 0);
      switch (kind) {
        case '#' -> comment(start, bodyStart);
        case '{' -> tag(start, bodyStart, "}}", false);
        default -> tag(start, bodyStart, "%}", true);
      }
    }
  }

  private int nextTagStart(int from) {
    int index = source.indexOf('{', from);
    while (index >= 0 && index + 1 < source.length()) {
      char next = source.charAt(index + 1);
      if (next == '{' || next == '%' || next == '#') {
        return index;
      }
      index = source.indexOf('{', index + 1);
    }
    return -1;
  }

  /** Applies the left-side whitespace rules of the tag that follows {@code text}. */
  private String leadingText(String text, char kind, char sign) {
    if (sign == '-') {
      return stripTrailingWhitespace(text);
    }
    if (sign == '+' || kind == '{') {
      return text;
    }
    int lineStart = text.lastIndexOf('\n') + 1;
    if ((lineStart > 0 || lineStarting) && lineStart < text.length()
        && text.substring(lineStart).isBlank()) {
      return text.substring(0, lineStart);
    }
    return text;
  }

  private void comment(int start, int bodyStart) {
    int end = source.indexOf("#}", bodyStart);
    if (end < 0) {
      throw unclosed("comment", start);
    }
    char endSign = end > bodyStart ? source.charAt(end - 1) : ' ';
    pos = end + 2;
    finishTag(endSign, true);
  }

  private void tag(int start, int bodyStart, String close, boolean block) {
    int end = findTagEnd(bodyStart, close);
    if (end < 0) {
      throw unclosed(block ? "block tag" : "expression", start);
    }
    char endSign = end > bodyStart ? source.charAt(end - 1) : ' ';
    int bodyEnd = endSign == '-' || endSign == '+' ? end - 1 : end;
    String body = source.substring(bodyStart, bodyEnd);
    pos = end + 2;
    if (block && body.strip().equals("raw")) {
      out.append("{%").append(body).append("%}");
      finishTag(endSign, true);
      rawContent(start);
      return;
    }
    out.append(block ? "{%" : "{{").append(rewriteNot(body)).append(block ? "%}" : "}}");
    finishTag(endSign, block);
  }

  /** Applies the right-side whitespace rules of the tag that ended at {@code pos}. */
  private void finishTag(char endSign, boolean trimBlocks) {
    if (endSign == '-') {
      while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
        pos++;
      }
      lineStarting = pos > 0 && source.charAt(pos - 1) == '\n';
      return;
    }
    lineStarting = false;
    if (endSign != '+' && trimBlocks && pos < source.length() && source.charAt(pos) == '\n') {
      pos++;
      lineStarting = true;
    }
  }

  private void rawContent(int rawStart) {
    int search = pos;
    while (true) {
      int start = source.indexOf("{%", search);
      if (start < 0) {
        throw unclosed("raw block", rawStart);
      }
      char sign = start + 2 < source.length() ? source.charAt(start + 2) : ' ';
      boolean hasSign = sign == '-' || sign == '+';
      int end = source.indexOf("%}", start + 2);
      if (end < 0) {
        throw unclosed("raw block", rawStart);
      }
      char endSign = source.charAt(end - 1);
      int bodyEnd = endSign == '-' || endSign == '+' ? end - 1 : end;
      String body = source.substring(start + 2 + (hasSign ? 1 : 0), bodyEnd);
      if (body.strip().equals("endraw")) {
        out.append(leadingText(source.substring(pos, start), '%', hasSign ? sign : ' '));
        out.append("{%").append(body).append("%}");
        pos = end + 2;
        finishTag(endSign, true);
        return;
      }
      search = start + 2;
    }
  }

  /** Returns the index of {@code close} ending the tag, skipping string literals and brackets. */
  private int findTagEnd(int from, String close) {
    int depth = 0;
    int index = from;
    while (index < source.length()) {
      char c = source.charAt(index);
      if (c == '\'' || c == '"') {
        index = skipString(index);
        continue;
      }
      if (depth == 0 && source.startsWith(close, index)) {
        return index;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      }
      index++;
    }
    return -1;
  }

  private int skipString(int quoteIndex) {
    char quote = source.charAt(quoteIndex);
    int index = quoteIndex + 1;
    while (index < source.length()) {
      char c = source.charAt(index);
      if (c == '\\') {
        index += 2;
        continue;
      }
      if (c == quote) {
        return index + 1;
      }
      index++;
    }
    return index;
  }

  private IllegalArgumentException unclosed(String what, int start) {
    int line = 1;
    for (int i = 0; i < start; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return new IllegalArgumentException("unclosed " + what + " starting on line " + line);
  }

  private static String stripTrailingWhitespace(String text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  // ---------------------------------------------------------------- precedence of `not`

  static String rewriteNot(String body) {
    List<String> tokens = ExpressionTokens.split(body);
    if (!tokens.contains("not")) {
      return body;
    }
    return rewrite(tokens, 0, tokens.size());
  }

  private static String rewrite(List<String> tokens, int from, int to) {
    StringBuilder result = new StringBuilder();
    int index = from;
    while (index < to) {
      String token = tokens.get(index);
      if (token.equals("not") && isUnaryNot(tokens, index, from, to)) {
        int end = operandEnd(tokens, index + 1, to);
        result.append("not (").append(rewrite(tokens, index + 1, end)).append(')');
        index = end;
      } else {
        result.append(token);
        index++;
      }
    }
    return result.toString();
  }

  /** Returns false for the {@code not} of {@code is not} and {@code not in}. */
  private static boolean isUnaryNot(List<String> tokens, int index, int from, int to) {
    String previous = neighbour(tokens, index, -1, from, to);
    String next = neighbour(tokens, index, 1, from, to);
    return !"is".equals(previous) && !"in".equals(next);
  }

  private static String neighbour(List<String> tokens, int index, int step, int from, int to) {
    for (int i = index + step; i >= from && i < to; i += step) {
      if (!tokens.get(i).isBlank()) {
        return tokens.get(i);
      }
    }
    return "";
  }

  private static int operandEnd(List<String> tokens, int start, int to) {
    int depth = 0;
    for (int index = start; index < to; index++) {
      String token = tokens.get(index);
      switch (token) {
        case "(", "[", "{" -> depth++;
        case ")", "]", "}" -> {
          if (depth == 0) {
            return index;
          }
          depth--;
        }
        default -> {
          if (depth == 0 && (token.equals(",") || OPERAND_END_WORDS.contains(token))) {
            return index;
          }
        }
      }
    }
    return to;
  }

  /** Splits a tag body into whitespace runs, string literals, names, numbers and single symbols. */
  static final class ExpressionTokens {
    private ExpressionTokens() {}

    static List<String> split(String body) {
      List<String> tokens = new ArrayList<>();
      int index = 0;
      while (index < body.length()) {
        int end = tokenEnd(body, index);
        tokens.add(body.substring(index, end));
        index = end;
      }
      return tokens;
    }

    private static int tokenEnd(String body, int start) {
      char c = body.charAt(start);
      int index = start + 1;
      if (Character.isWhitespace(c)) {
        while (index < body.length() && Character.isWhitespace(body.charAt(index))) {
          index++;
        }
      } else if (c == '\'' || c == '"') {
        while (index < body.length() && body.charAt(index) != c) {
          index += body.charAt(index) == '\\' ? 2 : 1;
        }
        index = Math.min(index + 1, body.length());
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        while (index < body.length()
            && (Character.isLetterOrDigit(body.charAt(index)) || body.charAt(index) == '_')) {
          index++;
        }
      }
      return index;
    }
  }
}
