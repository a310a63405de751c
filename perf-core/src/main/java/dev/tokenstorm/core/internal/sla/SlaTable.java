package dev.tokenstorm.core.internal.sla;

import dev.tokenstorm.api.sla.SlaGroupResult;
import dev.tokenstorm.api.sla.SlaVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the tuning's result table, one row per criteria group, as a plain-text grid:
 *
 * <pre>
 * +---------------------+----------+------+-----------+
 * | Criteria            | Variable | Best | Note      |
 * +=====================+==========+======+===========+
 * | p99_latency &lt;= 2 s | parallel | 8    | Satisfied |
 * +---------------------+----------+------+-----------+
 * </pre>
 */
final class SlaTable {

  private static final String[] HEADERS = {"Criteria", "Variable", "Best", "Note"};

  private SlaTable() {}

  static String render(SlaVariable variable, List<SlaGroupResult> groups) {
    List<String[]> rows = new ArrayList<>();
    for (SlaGroupResult group : groups) {
      rows.add(new String[] {group.describeCriteria(), variable.key(),
          group.best().isPresent() ? SlaSearcher.formatValue(group.best().getAsDouble()) : "None",
          group.note()});
    }
    int[] widths = new int[HEADERS.length];
    for (int i = 0; i < HEADERS.length; i++) {
      widths[i] = HEADERS[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(border(widths, '-')).append('\n');
    out.append(line(HEADERS, widths)).append('\n');
    out.append(border(widths, '=')).append('\n');
    for (String[] row : rows) {
      out.append(line(row, widths)).append('\n');
      out.append(border(widths, '-')).append('\n');
    }
    return out.toString();
  }

  private static String border(int[] widths, char fill) {
    StringBuilder out = new StringBuilder("+");
    for (int width : widths) {
      out.append(String.valueOf(fill).repeat(width + 2)).append('+');
    }
    return out.toString();
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder out = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()))
          .append(" |");
    }
    return out.toString();
  }
}
