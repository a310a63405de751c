package dev.tokenstorm.core.internal.http;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;

/**
 * Passes every call to the engine's sink and counts {@link #malformed} calls, so the transport can
 * tell whether a stream's unterminated last event could be decoded.
 */
final class TrackingSink implements DecodeSink {

  private final DecodeSink delegate;
  private long malformedCount;

  TrackingSink(DecodeSink delegate) {
    this.delegate = delegate;
  }

  long malformedCount() {
    return malformedCount;
  }

  @Override
  public void token(TokenKind kind, String text, long arrivalNanos) {
    delegate.token(kind, text, arrivalNanos);
  }

  @Override
  public void usage(Usage usage) {
    delegate.usage(usage);
  }

  @Override
  public void fail(String message) {
    delegate.fail(message);
  }

  @Override
  public void malformed(String reason) {
    malformedCount++;
    delegate.malformed(reason);
  }

  @Override
  public void done(long arrivalNanos) {
    delegate.done(arrivalNanos);
  }

  @Override
  public void resultText(String text) {
    delegate.resultText(text);
  }
}
