package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.core.PerfDefaults;
import dev.tokenstorm.core.internal.config.PerfConfig;
import dev.tokenstorm.core.internal.http.ExchangeOutcome;
import dev.tokenstorm.core.internal.http.HttpTransport;
import dev.tokenstorm.core.time.PerfClock;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Sends one small request of the run's shape before any load, so a wrong URL, model or key fails
 * in a second instead of after thousands of failed requests.
 *
 * <p>The request asks for at most {@link PerfDefaults#CONNECTION_TEST_MAX_TOKENS} tokens. A 4xx
 * answer fails at once with the server's message; other failures are retried with growing pauses
 * until {@link PerfDefaults#CONNECTION_TEST_BUDGET} (or the total timeout, if shorter) is spent.
 */
final class ConnectionTest {

  private final PerfConfig config;
  private final PerfClock clock;
  private final RunLog runLog;
  private final StopSignal stop;

  ConnectionTest(PerfConfig config, PerfClock clock, RunLog runLog, StopSignal stop) {
    this.config = config;
    this.clock = clock;
    this.runLog = runLog;
    this.stop = stop;
  }

  void run() throws InterruptedException {
    Optional<Query> query = config.plugin().connectionTestQuery(config.applyChatTemplate());
    if (!config.testConnection() || query.isEmpty()) {
      return;
    }
    GenerationOptions options = capped(config.generation());
    PluginRequest request = config.plugin().buildRequest(query.get(), new Context(options));
    Duration budget = config.totalTimeout().compareTo(PerfDefaults.CONNECTION_TEST_BUDGET) < 0
        ? config.totalTimeout() : PerfDefaults.CONNECTION_TEST_BUDGET;
    long giveUp = clock.nanoTime() + budget.toNanos();
    Duration pause = Duration.ofMillis(500);
    try (HttpTransport transport = new HttpTransport(
        RunSupport.transportSettings(config, config.points().get(0)), clock)) {
      for (int attempt = 1; ; attempt++) {
        RecordCollector collector = new RecordCollector(false);
        ExchangeOutcome outcome =
            transport.send(request, config.plugin().newDecoder(request), collector);
        String failure = outcome.errorMessage() != null ? outcome.errorMessage()
            : collector.failure();
        if (failure == null) {
          runLog.info("Connection test passed in {} ms",
              (outcome.endNanos() - outcome.sentNanos()) / 1_000_000);
          return;
        }
        int status = outcome.status().orElse(0);
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          throw new PerfRunException("connection test", "the server rejected the test request to "
              + RunSupport.withoutQuery(config.url()) + ": " + failure
              + "; check url, model, apiKey and headers");
        }
        if (clock.nanoTime() + pause.toNanos() > giveUp || stop.stopped()) {
          throw new PerfRunException("connection test", "no successful answer from "
              + RunSupport.withoutQuery(config.url()) + " after " + attempt + " attempts within "
              + budget.toSeconds() + " s; last error: " + failure
              + "; check that the server is running, or disable the test with"
              + " testConnection(false)");
        }
        runLog.warn("Connection test attempt {} failed ({}); retrying in {} ms", attempt, failure,
            pause.toMillis());
        clock.sleep(pause);
        pause = pause.multipliedBy(2);
      }
    }
  }

  private static GenerationOptions capped(GenerationOptions g) {
    Integer cap = PerfDefaults.CONNECTION_TEST_MAX_TOKENS;
    Integer min = g.maxTokensMin() == null ? null : Math.min(g.maxTokensMin(), cap);
    Integer max = g.maxTokensMax() == null ? null : Math.min(g.maxTokensMax(), cap);
    Integer minTokens = g.minTokens() == null ? null : Math.min(g.minTokens(), cap);
    return new GenerationOptions(g.model(), min, max, minTokens, g.frequencyPenalty(),
        g.repetitionPenalty(), g.logprobs(), g.nChoices(), g.seed(), g.stop(), g.stopTokenIds(),
        g.stream(), g.temperature(), g.topP(), g.topK(), g.extraArgs(), g.queryTemplate(),
        g.tokenizePrompt());
  }

  private final class Context implements RequestContext {
    private final GenerationOptions options;
    private final RandomGenerator random = new SplittableRandom(0);

    Context(GenerationOptions options) {
      this.options = options;
    }

    @Override
    public GenerationOptions options() {
      return options;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
      return Optional.ofNullable(config.tokenizer());
    }
  }
}
