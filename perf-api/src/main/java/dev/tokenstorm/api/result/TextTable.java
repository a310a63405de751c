package dev.tokenstorm.api.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with ASCII borders and fixed-width columns.
 *
 * <p>Cells may contain {@code \n} for explicit line breaks; text longer than its column's maximum
 * width wraps at spaces (a word longer than the width is cut). Not thread-safe.
 */
final class TextTable {

  /** One column: its header (may hold {@code \n}), alignment and maximum width in characters. */
  record Column(String header, boolean rightAligned, int maxWidth) {

    static Column left(String header, int maxWidth) {
      return new Column(header, false, maxWidth);
    }

    static Column right(String header, int maxWidth) {
      return new Column(header, true, maxWidth);
    }
  }

  private final List<Column> columns;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Adds a row; missing trailing cells are blank. */
  TextTable addRow(String... cells) {
    if (cells.length > columns.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells but the table has " + columns.size() + " columns");
    }
    String[] row = Arrays.copyOf(cells, columns.size());
    for (int i = 0; i < row.length; i++) {
      row[i] = row[i] == null ? "" : row[i];
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Returns the width in characters of every line {@link #render} produces. */
  int width() {
    int width = 1;
    for (int w : columnWidths()) {
      width += w + 3;
    }
    return width;
  }

  /** Renders the table; every line, the last included, ends with {@code \n}. */
  String render() {
    int[] widths = columnWidths();
    String border = border(widths);
    StringBuilder out = new StringBuilder();
    out.append(border);
    String[] headers = columns.stream().map(Column::header).toArray(String[]::new);
    appendRow(out, headers, widths);
    out.append(border);
    for (String[] row : rows) {
      appendRow(out, row, widths);
    }
    out.append(border);
    return out.toString();
  }

  private int[] columnWidths() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      int max = columns.get(c).maxWidth();
      widths[c] = longestLine(wrap(columns.get(c).header(), max));
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], longestLine(wrap(row[c], max)));
      }
    }
    return widths;
  }

  private static String border(int[] widths) {
    StringBuilder line = new StringBuilder("+");
    for (int w : widths) {
      line.append("-".repeat(w + 2)).append('+');
    }
    return line.append('\n').toString();
  }

  private void appendRow(StringBuilder out, String[] cells, int[] widths) {
    List<List<String>> cellLines = new ArrayList<>();
    int height = 1;
    for (int c = 0; c < cells.length; c++) {
      List<String> lines = wrap(cells[c], columns.get(c).maxWidth());
      cellLines.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int lineIndex = 0; lineIndex < height; lineIndex++) {
      out.append('|');
      for (int c = 0; c < cells.length; c++) {
        List<String> lines = cellLines.get(c);
        String text = lineIndex < lines.size() ? lines.get(lineIndex) : "";
        out.append(' ').append(pad(text, widths[c], columns.get(c).rightAligned())).append(" |");
      }
      out.append('\n');
    }
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - text.length()));
    return right ? fill + text : text + fill;
  }

  private static int longestLine(List<String> lines) {
    int max = 0;
    for (String line : lines) {
      max = Math.max(max, line.length());
    }
    return max;
  }

  /**
   * Splits {@code text} at {@code \n}, then wraps each part at spaces to at most {@code width}
   * characters; a word longer than {@code width} is cut into pieces.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String part : text.split("\n", -1)) {
      wrapPart(part, width, lines);
    }
    return lines;
  }

  private static void wrapPart(String part, int width, List<String> lines) {
    StringBuilder line = new StringBuilder();
    for (String word : part.split(" ")) {
      while (word.length() > width) {
        if (!line.isEmpty()) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (line.isEmpty()) {
        line.append(word);
      } else if (line.length() + 1 + word.length() <= width) {
        line.append(' ').append(word);
      } else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    lines.add(line.toString());
  }
}
