package dev.tokenstorm.core.internal.metrics;

import dev.tokenstorm.api.plugin.ApiKind;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RunInfo;
import dev.tokenstorm.api.result.RunSummary;
import dev.tokenstorm.api.result.TokenSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds the warnings of a report: full sentences that name the numbers behind them. */
final class RunWarnings {

  /** Below this many successful requests, p99 is one of the few largest samples. */
  static final long MIN_SAMPLES_FOR_P99 = 100;

  /** The p99 queue time above which the client is considered late against the schedule. */
  static final double MAX_P99_CLIENT_LAG_MILLIS = 10;

  /** Largest fraction by which the achieved rate may fall below the configured rate. */
  static final double MAX_RATE_SHORTFALL = 0.05;

  private RunWarnings() {}

  /** Returns the warnings in a fixed order, followed by {@code extraWarnings}. */
  static List<String> build(
      ApiKind kind,
      RunInfo run,
      RunCounters counts,
      RunSummary summary,
      List<String> extraWarnings) {
    List<String> warnings = new ArrayList<>();
    if (kind == ApiKind.GENERATION) {
      tokenSourceWarning(counts).ifPresent(warnings::add);
    }
    if (counts.success > 0 && counts.success < MIN_SAMPLES_FOR_P99) {
      warnings.add(String.format(Locale.ROOT,
          "Only %s: with fewer than %d samples, p99 and higher percentiles are among the few "
              + "largest samples and are not meaningful.",
          count(counts.success, "request succeeded", "requests succeeded"), MIN_SAMPLES_FOR_P99));
    }
    if (counts.total > 0 && counts.success == 0) {
      warnings.add(allFailedWarning(counts));
    }
    if (counts.malformedEvents > 0) {
      warnings.add(String.format(Locale.ROOT, "%s skipped in %s.",
          count(counts.malformedEvents, "malformed server-sent event was",
              "malformed server-sent events were"),
          count(counts.requestsWithMalformedEvents, "request", "requests")));
    }
    clientLagWarning(run, summary).ifPresent(warnings::add);
    rateWarning(run, counts, summary).ifPresent(warnings::add);
    if (counts.droppedSamples > 0) {
      warnings.add(String.format(Locale.ROOT,
          "%s left out because timestamps were out of order (a negative duration) or a rate "
              + "was not finite.",
          count(counts.droppedSamples, "metric sample was", "metric samples were")));
    }
    warnings.addAll(extraWarnings);
    return warnings;
  }

  private static Optional<String> tokenSourceWarning(RunCounters counts) {
    long tokenizer = counts.tokenSources[TokenSource.TOKENIZER.ordinal()];
    long events = counts.tokenSources[TokenSource.EVENT_COUNT.ordinal()];
    long none = counts.tokenSources[TokenSource.NONE.ordinal()];
    long withoutUsage = tokenizer + events + none;
    if (withoutUsage == 0) {
      return Optional.empty();
    }
    String start = String.format(Locale.ROOT,
        "%d of %d successful requests had no usage from the server", withoutUsage, counts.success);
    if (tokenizer + events == 0) {
      return Optional.of(start + " and no output-token count.");
    }
    List<String> ways = new ArrayList<>();
    if (tokenizer > 0) {
      ways.add("by the tokenizer (" + tokenizer + ")");
    }
    if (events > 0) {
      ways.add("by event count (" + events + ")");
    }
    String counted = "; their output tokens were counted " + String.join(" and ", ways);
    String uncounted = none > 0 ? ", and " + none + " had no output-token count" : "";
    return Optional.of(start + counted + uncounted + ".");
  }

  private static String allFailedWarning(RunCounters counts) {
    List<String> kinds = new ArrayList<>();
    for (ErrorKind errorKind : ErrorKind.values()) {
      long n = counts.failuresByKind[errorKind.ordinal()];
      if (n > 0) {
        kinds.add(errorKind + ": " + n);
      }
    }
    if (counts.failuresWithoutKind > 0) {
      kinds.add("no reason given: " + counts.failuresWithoutKind);
    }
    String subject = counts.total == 1 ? "The only request" : "All " + counts.total + " requests";
    return String.format(Locale.ROOT,
        "%s failed (%s), so no latency or token metrics are available.",
        subject, String.join(", ", kinds));
  }

  private static Optional<String> clientLagWarning(RunInfo run, RunSummary summary) {
    OptionalDouble lag = summary.p99ClientLagMillis();
    if (lag.isEmpty() || lag.getAsDouble() <= MAX_P99_CLIENT_LAG_MILLIS) {
      return Optional.empty();
    }
    String cause = run.parallel().isPresent()
        ? String.format(Locale.ROOT, "requests left later than their scheduled time, because all "
            + "%d in-flight slots were busy or the client itself was slow. If the server should "
            + "see the full rate, raise parallel.", run.parallel().getAsInt())
        : "requests were sent late against the rate schedule, because the client could not keep "
            + "up.";
    return Optional.of(String.format(Locale.ROOT,
        "The p99 client lag was %.2f ms, above %.0f ms: %s Latency from schedule includes this "
            + "wait.",
        lag.getAsDouble(), MAX_P99_CLIENT_LAG_MILLIS, cause));
  }

  /**
   * Returns a warning when the achieved rate falls short of the configured rate. It states whether
   * the client sent late or the schedule's own random gaps were longer than average.
   */
  private static Optional<String> rateWarning(
      RunInfo run, RunCounters counts, RunSummary summary) {
    if (run.rate().isEmpty() || summary.achievedRate().isEmpty()) {
      return Optional.empty();
    }
    double target = run.rate().getAsDouble();
    double achieved = summary.achievedRate().getAsDouble();
    if (target <= 0 || achieved >= target * (1 - MAX_RATE_SHORTFALL)) {
      return Optional.empty();
    }
    String text = String.format(Locale.ROOT,
        "The achieved request rate was %.2f req/s, %.1f %% below the configured %.2f req/s.",
        achieved, 100 * (1 - achieved / target), target);
    OptionalDouble scheduleRate = counts.scheduleRate();
    if (scheduleRate.isPresent()
        && achieved < scheduleRate.getAsDouble() * (1 - MAX_RATE_SHORTFALL)) {
      text += String.format(Locale.ROOT, " The schedule's rate over the same requests was "
          + "%.2f req/s, so the client sent them late.", scheduleRate.getAsDouble());
    } else if (scheduleRate.isPresent()) {
      text += String.format(Locale.ROOT, " The schedule's random gaps gave only %.2f req/s over "
          + "these requests, and the client kept up with the schedule.",
          scheduleRate.getAsDouble());
    }
    return Optional.of(text);
  }

  /** Returns {@code count} followed by the singular or plural noun, such as "1 request". */
  private static String count(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }
}
