package dev.tokenstorm.core.internal.plugin.openai;

import dev.tokenstorm.api.plugin.DecodeSink;
import dev.tokenstorm.api.plugin.TokenKind;
import dev.tokenstorm.api.plugin.Usage;
import java.util.ArrayList;
import java.util.List;

/** A {@link DecodeSink} that keeps every call as text, and the usages apart, for assertions. */
final class RecordingDecodeSink implements DecodeSink {

  final List<String> calls = new ArrayList<>();
  final List<Usage> usages = new ArrayList<>();

  @Override
  public void token(TokenKind kind, String text, long arrivalNanos) {
    calls.add("token " + kind + " '" + text + "' @" + arrivalNanos);
  }

  @Override
  public void usage(Usage usage) {
    usages.add(usage);
  }

  @Override
  public void fail(String message) {
    calls.add("fail " + message);
  }

  @Override
  public void malformed(String reason) {
    calls.add("malformed " + reason);
  }

  @Override
  public void done(long arrivalNanos) {
    calls.add("done @" + arrivalNanos);
  }

  @Override
  public void resultText(String text) {
    calls.add("resultText " + text);
  }
}
