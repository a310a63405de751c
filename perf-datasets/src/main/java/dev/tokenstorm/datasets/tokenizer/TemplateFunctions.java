package dev.tokenstorm.datasets.tokenizer;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The global functions Hugging Face adds to the Jinja environment of chat templates. jinjava calls
 * them through static method references, so they are static.
 */
final class TemplateFunctions {

  private TemplateFunctions() {}

  /** Raised by a template's {@code raise_exception(message)} call. */
  static final class TemplateRaisedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateRaisedException(String message) {
      super(message);
    }
  }

  /** Implements {@code raise_exception(message)}: rendering fails with {@code message}. */
  public static String raiseException(String message) {
    throw new TemplateRaisedException(message);
  }

  /**
   * Implements {@code strftime_now(format)}: the local date and time formatted with Python's
   * {@code strftime} directives, as Hugging Face does with {@code datetime.now()}.
   */
  public static String strftimeNow(String format) {
    return strftime(LocalDateTime.now(), format);
  }

  /** Formats {@code time} with the common {@code strftime} directives in the C locale. */
  static String strftime(LocalDateTime time, String format) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        out.append(c);
        continue;
      }
      char directive = format.charAt(++i);
      out.append(directive(time, directive));
    }
    return out.toString();
  }

  private static String directive(LocalDateTime time, char directive) {
    return switch (directive) {
      case 'd' -> twoDigits(time.getDayOfMonth());
      case 'm' -> twoDigits(time.getMonthValue());
      case 'Y' -> Integer.toString(time.getYear());
      case 'y' -> twoDigits(time.getYear() % 100);
      case 'H' -> twoDigits(time.getHour());
      case 'I' -> twoDigits(time.getHour() % 12 == 0 ? 12 : time.getHour() % 12);
      case 'M' -> twoDigits(time.getMinute());
      case 'S' -> twoDigits(time.getSecond());
      case 'p' -> time.getHour() < 12 ? "AM" : "PM";
      case 'b' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case 'j' -> String.format(Locale.ROOT, "%03d", time.getDayOfYear());
      case '%' -> "%";
      default -> "%" + directive;
    };
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
