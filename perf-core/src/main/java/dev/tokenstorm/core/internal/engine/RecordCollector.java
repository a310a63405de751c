package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Collects what a plugin's decoder reports for one request: token event times, text, usage and
 * failures. Used by one request thread at a time.
 */
final class RecordCollector implements DecodeSink {

  private long[] tokenTimes = new long[16];
  private int tokenCount;
  private long firstContentNanos = -1;
  private final StringBuilder content = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private final boolean keepText;
  private Usage usage = Usage.EMPTY;
  private boolean usageSeen;
  private @Nullable String failure;
  private int malformed;
  private @Nullable String firstMalformed;
  private long doneNanos = -1;
  private @Nullable String resultText;

  /**
   * @param keepText whether to keep the output text (needed for tokenizer counts and stored text)
   */
  RecordCollector(boolean keepText) {
    this.keepText = keepText;
  }

  @Override
  public void token(TokenKind kind, String text, long arrivalNanos) {
    if (tokenCount == tokenTimes.length) {
      tokenTimes = Arrays.copyOf(tokenTimes, tokenCount * 2);
    }
    tokenTimes[tokenCount++] = arrivalNanos;
    if (kind == TokenKind.CONTENT && firstContentNanos < 0) {
      firstContentNanos = arrivalNanos;
    }
    if (keepText) {
      (kind == TokenKind.REASONING ? reasoning : content).append(text);
    }
  }

  @Override
  public void usage(Usage reported) {
    usage = usage.merge(reported);
    usageSeen = true;
  }

  @Override
  public void fail(String message) {
    if (failure == null) {
      failure = message;
    }
  }

  @Override
  public void malformed(String reason) {
    malformed++;
    if (firstMalformed == null) {
      firstMalformed = reason;
    }
  }

  @Override
  public void done(long arrivalNanos) {
    doneNanos = arrivalNanos;
  }

  @Override
  public void resultText(String text) {
    resultText = text;
  }

  long[] tokenTimes() {
    return Arrays.copyOf(tokenTimes, tokenCount);
  }

  int tokenEvents() {
    return tokenCount;
  }

  long firstTokenNanos() {
    return tokenCount == 0 ? -1 : tokenTimes[0];
  }

  long lastTokenNanos() {
    return tokenCount == 0 ? -1 : tokenTimes[tokenCount - 1];
  }

  long firstContentNanos() {
    return firstContentNanos;
  }

  Usage usage() {
    return usage;
  }

  boolean usageSeen() {
    return usageSeen;
  }

  @Nullable String failure() {
    return failure;
  }

  int malformed() {
    return malformed;
  }

  @Nullable String firstMalformed() {
    return firstMalformed;
  }

  long doneNanos() {
    return doneNanos;
  }

  String content() {
    return content.toString();
  }

  String reasoning() {
    return reasoning.toString();
  }

  @Nullable String resultText() {
    return resultText;
  }
}
