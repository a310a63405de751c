package dev.tokenstorm.core.internal.metrics;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.TokenSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** Builds request records and run descriptions with hand-picked timestamps for tests. */
public final class TestRecords {

  private TestRecords() {}

  /** Returns {@code millis} milliseconds in nanoseconds. */
  public static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  /** Starts a successful streamed record sent at time 0 with usage-reported tokens. */
  public static Builder record() {
    return new Builder();
  }

  /** Returns a closed-loop, unpaced run description with no output folder. */
  public static RunInfo run(ApiKind kind) {
    return run(kind, OptionalInt.of(10), OptionalDouble.empty(), false, null);
  }

  /** Returns a run description; {@code config} contains one masked key and a non-ASCII value. */
  public static RunInfo run(
      ApiKind kind, OptionalInt parallel, OptionalDouble rate, boolean openLoop,
      @Nullable Path outputDir) {
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("model", "qwen-Ü");
    config.put("api_key", "***");
    config.put("parallel", parallel.isPresent() ? parallel.getAsInt() : null);
    return new RunInfo(
        "parallel_10_number_100", 0, 1, outputDir, parallel, 100, rate, openLoop,
        kind == ApiKind.GENERATION ? "openai" : "openai_embedding", kind, "qwen",
        "http://127.0.0.1:8877/v1/chat/completions", "openqa", 1_700_000_000_000L, config);
  }

  /** A mutable record builder; times are nanoseconds on an arbitrary monotonic scale. */
  public static final class Builder {
    private long index;
    private boolean warmup;
    private OptionalLong scheduled = OptionalLong.empty();
    private long sent;
    private OptionalLong firstToken = OptionalLong.empty();
    private OptionalLong firstContent = OptionalLong.empty();
    private OptionalLong lastToken = OptionalLong.empty();
    private long end;
    private long[] events = new long[0];
    private boolean stream = true;
    private boolean success = true;
    private @Nullable ErrorKind errorKind;
    private OptionalInt prompt = OptionalInt.empty();
    private OptionalInt completion = OptionalInt.empty();
    private TokenSource source = TokenSource.USAGE;
    private int malformed;

    public Builder index(long value) {
      index = value;
      return this;
    }

    public Builder warmup() {
      warmup = true;
      return this;
    }

    public Builder scheduled(long nanos) {
      scheduled = OptionalLong.of(nanos);
      return this;
    }

    public Builder sent(long nanos) {
      sent = nanos;
      return this;
    }

    public Builder end(long nanos) {
      end = nanos;
      return this;
    }

    /** Sets the output-bearing events; the first is also the first content event. */
    public Builder events(long... nanos) {
      events = nanos.clone();
      if (nanos.length > 0) {
        firstToken = OptionalLong.of(nanos[0]);
        firstContent = OptionalLong.of(nanos[0]);
        lastToken = OptionalLong.of(nanos[nanos.length - 1]);
      }
      return this;
    }

    public Builder firstContent(long nanos) {
      firstContent = OptionalLong.of(nanos);
      return this;
    }

    public Builder stream(boolean value) {
      stream = value;
      return this;
    }

    public Builder failed(ErrorKind kind) {
      success = false;
      errorKind = kind;
      source = TokenSource.NONE;
      return this;
    }

    /** Marks the record failed without a reason. */
    public Builder failedWithoutKind() {
      success = false;
      errorKind = null;
      source = TokenSource.NONE;
      return this;
    }

    public Builder tokens(int promptTokens, int completionTokens) {
      prompt = OptionalInt.of(promptTokens);
      completion = OptionalInt.of(completionTokens);
      return this;
    }

    public Builder promptTokens(int promptTokens) {
      prompt = OptionalInt.of(promptTokens);
      return this;
    }

    public Builder source(TokenSource value) {
      source = value;
      return this;
    }

    public Builder malformed(int count) {
      malformed = count;
      return this;
    }

    public RequestRecord build() {
      return new RequestRecord(
          index, null, warmup, 1_700_000_000_000L, scheduled, sent, OptionalLong.empty(),
          firstToken, firstContent, lastToken, end, events, stream, success,
          success ? OptionalInt.of(200) : OptionalInt.empty(), errorKind,
          success ? null : "failed on purpose", prompt, completion, OptionalInt.empty(),
          OptionalInt.empty(), source, malformed, null, null);
    }
  }
}
