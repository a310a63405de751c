package dev.tokenstorm.core.internal.engine;

import dev.tokenstorm.api.PerfRunException;
import dev.tokenstorm.api.plugin.ApiPlugin;
import dev.tokenstorm.api.plugin.GenerationOptions;
import dev.tokenstorm.api.plugin.PluginRequest;
import dev.tokenstorm.api.plugin.RequestContext;
import dev.tokenstorm.api.plugin.ResponseDecoder;
import dev.tokenstorm.api.plugin.Usage;
import dev.tokenstorm.api.query.ChatMessage;
import dev.tokenstorm.api.query.ChatQuery;
import dev.tokenstorm.api.query.ContentPart;
import dev.tokenstorm.api.query.EmbeddingQuery;
import dev.tokenstorm.api.query.PromptQuery;
import dev.tokenstorm.api.query.Query;
import dev.tokenstorm.api.query.RerankQuery;
import dev.tokenstorm.api.query.TokenIdsQuery;
import dev.tokenstorm.api.result.ErrorKind;
import dev.tokenstorm.api.result.RequestRecord;
import dev.tokenstorm.api.result.TokenSource;
import dev.tokenstorm.api.tokenizer.ChatTemplate;
import dev.tokenstorm.api.tokenizer.Tokenizer;
import dev.tokenstorm.core.internal.http.ExchangeOutcome;
import dev.tokenstorm.core.internal.http.HttpTransport;
import dev.tokenstorm.core.time.PerfClock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request and turns what came back into a {@link RequestRecord}: builds the body with the
 * plugin, sends it through the transport, and settles token counts (server usage first, then the
 * client tokenizer, then the count of token events). The tokenizer's prompt count of a chat query
 * adds the {@link ImageTokenEstimate} of its images.
 *
 * <p>Thread-safe: one executor serves all request threads of a run.
 */
final class RequestExecutor {

  private static final Logger log = LoggerFactory.getLogger(RequestExecutor.class);
  private static final Logger bodies = LoggerFactory.getLogger("dev.tokenstorm.requests");

  private final ApiPlugin plugin;
  private final GenerationOptions options;
  private final HttpTransport transport;
  private final @Nullable Tokenizer tokenizer;
  private final ImageTokenEstimate imageTokens;
  private final PerfClock clock;
  private final QueryFeed feed;
  private final long seed;
  private final int maxTextChars;
  private final boolean debug;

  RequestExecutor(ApiPlugin plugin, GenerationOptions options, HttpTransport transport,
      @Nullable Tokenizer tokenizer, ImageTokenEstimate imageTokens, PerfClock clock,
      QueryFeed feed, long seed, int maxTextChars, boolean debug) {
    this.plugin = plugin;
    this.options = options;
    this.transport = transport;
    this.tokenizer = tokenizer;
    this.imageTokens = imageTokens;
    this.clock = clock;
    this.feed = feed;
    this.seed = seed;
    this.maxTextChars = maxTextChars;
    this.debug = debug;
  }

  /**
   * Sends request {@code index}.
   *
   * @param scheduledNanos the request's scheduled send time, or -1 when the run is unpaced
   * @param onSent called right before the request is handed to the HTTP client
   * @throws InterruptedException if the run is cancelled while the request is in flight
   * @throws PerfRunException if the dataset fails, which ends the run
   */
  RequestRecord execute(long index, long scheduledNanos, boolean warmup, Runnable onSent)
      throws InterruptedException {
    Query query;
    try {
      query = feed.next();
    } catch (PerfRunException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PerfRunException("dataset", e.getMessage() == null ? e.toString() : e.getMessage(),
          e);
    }
    PluginRequest request;
    try {
      request = plugin.buildRequest(query, new Context(index));
    } catch (RuntimeException e) {
      log.debug("Request {} could not be built", index, e);
      return clientFailure(index, scheduledNanos, warmup, "request could not be built: "
          + e.getMessage());
    }
    if (debug) {
      bodies.debug("Request {} body: {}", index, abbreviate(request.body(), 2000));
    }
    ResponseDecoder decoder = plugin.newDecoder(request);
    RecordCollector collector = new RecordCollector(true);
    onSent.run();
    ExchangeOutcome outcome = transport.send(request, decoder, collector);
    RequestRecord record = toRecord(index, scheduledNanos, warmup, query, request, outcome,
        collector);
    if (debug) {
      bodies.debug("Request {} finished: status={} success={} output={}", index,
          outcome.status(), record.success(),
          abbreviate(record.outputText() == null ? "" : record.outputText(), 2000));
    }
    return record;
  }

  private RequestRecord toRecord(long index, long scheduledNanos, boolean warmup, Query query,
      PluginRequest request, ExchangeOutcome outcome, RecordCollector c) {
    ErrorKind errorKind = outcome.errorKind();
    String errorMessage = outcome.errorMessage();
    if (errorKind == null && c.failure() != null) {
      errorKind = ErrorKind.SERVER_ERROR;
      errorMessage = c.failure();
    }
    boolean success = errorKind == null;
    Usage usage = c.usage();
    OptionalInt completion = usage.completionTokens();
    TokenSource source = TokenSource.NONE;
    if (success) {
      if (completion.isPresent()) {
        source = TokenSource.USAGE;
      } else if (tokenizer != null) {
        completion = OptionalInt.of(tokenizer.count(c.content() + c.reasoning()));
        source = TokenSource.TOKENIZER;
      } else if (c.tokenEvents() > 0) {
        completion = OptionalInt.of(c.tokenEvents());
        source = TokenSource.EVENT_COUNT;
      }
    }
    OptionalInt prompt = usage.promptTokens();
    if (success && prompt.isEmpty()) {
      prompt = countPrompt(query, warmup);
    }
    String output = c.resultText() != null ? c.resultText() : c.content() + c.reasoning();
    return new RequestRecord(
        index,
        request.requestId(),
        warmup,
        outcome.wallStartMillis(),
        scheduledNanos < 0 ? OptionalLong.empty() : OptionalLong.of(scheduledNanos),
        outcome.sentNanos(),
        outcome.headersNanos(),
        optional(c.firstTokenNanos()),
        optional(c.firstContentNanos()),
        optional(c.lastTokenNanos()),
        outcome.endNanos(),
        c.tokenTimes(),
        outcome.streamed() || (!success && request.stream()),
        success,
        outcome.status(),
        errorKind,
        errorMessage,
        prompt,
        success ? completion : OptionalInt.empty(),
        usage.reasoningTokens(),
        usage.cachedTokens(),
        source,
        c.malformed(),
        abbreviate(request.body(), maxTextChars),
        abbreviate(output, maxTextChars));
  }

  private RequestRecord clientFailure(long index, long scheduledNanos, boolean warmup,
      String message) {
    long now = clock.nanoTime();
    return new RequestRecord(index, null, warmup, clock.wallMillis(),
        scheduledNanos < 0 ? OptionalLong.empty() : OptionalLong.of(scheduledNanos), now,
        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), now,
        new long[0], options.stream(), false, OptionalInt.empty(), ErrorKind.CLIENT, message,
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
        TokenSource.NONE, 0, null, null);
  }

  private OptionalInt countPrompt(Query query, boolean warmup) {
    if (query instanceof TokenIdsQuery ids) {
      return OptionalInt.of(ids.length());
    }
    if (tokenizer == null) {
      return OptionalInt.empty();
    }
    try {
      return switch (query) {
        case ChatQuery chat -> OptionalInt.of(countChat(chat, warmup));
        case PromptQuery prompt -> OptionalInt.of(tokenizer.count(prompt.prompt()));
        case EmbeddingQuery embedding ->
            OptionalInt.of(embedding.inputs().stream().mapToInt(tokenizer::count).sum());
        case RerankQuery rerank -> OptionalInt.of(tokenizer.count(rerank.query())
            + rerank.documents().stream().mapToInt(tokenizer::count).sum());
        default -> OptionalInt.empty();
      };
    } catch (RuntimeException e) {
      log.debug("Counting prompt tokens failed", e);
      return OptionalInt.empty();
    }
  }

  /** Returns the tokens of the chat-templated prompt plus the estimated tokens of its images. */
  private int countChat(ChatQuery chat, boolean warmup) {
    int images = ImageTokenEstimate.hasImages(chat) ? imageTokens.tokens(chat, !warmup) : 0;
    Optional<ChatTemplate> template = tokenizer.chatTemplate();
    if (template.isEmpty()) {
      return chat.messages().stream().mapToInt(m -> tokenizer.count(m.text())).sum() + images;
    }
    return tokenizer.encode(renderForCount(template.get(), chat), false).length + images;
  }

  /**
   * Renders {@code chat} with the template. A template written for text-only models prints image
   * parts as text, base64 data included, or fails on them. A vision model's template puts a few
   * placeholder tokens there instead. So when the rendered prompt contains an image URL, or the
   * template fails, the prompt is rendered again from the text of each message.
   */
  private static String renderForCount(ChatTemplate template, ChatQuery chat) {
    if (!ImageTokenEstimate.hasImages(chat)) {
      return template.render(chat.messages(), true);
    }
    try {
      String rendered = template.render(chat.messages(), true);
      if (!printsAnImageUrl(rendered, chat)) {
        return rendered;
      }
    } catch (RuntimeException e) {
      log.debug("Chat template failed on image parts; counting the text parts only", e);
    }
    List<ChatMessage> textOnly = chat.messages().stream()
        .map(message -> ChatMessage.of(message.role(), message.text()))
        .toList();
    return template.render(textOnly, true);
  }

  private static boolean printsAnImageUrl(String rendered, ChatQuery chat) {
    return chat.messages().stream()
        .flatMap(message -> message.content().stream())
        .filter(ContentPart.Image.class::isInstance)
        .map(part -> ((ContentPart.Image) part).url())
        .anyMatch(url -> rendered.contains(url.substring(0, Math.min(url.length(), 200))));
  }

  private static OptionalLong optional(long nanos) {
    return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
  }

  private static @Nullable String abbreviate(@Nullable String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max);
  }

  /** The per-request view given to the plugin. */
  private final class Context implements RequestContext {
    private final long index;
    private @Nullable RandomGenerator random;

    Context(long index) {
      this.index = index;
    }

    @Override
    public GenerationOptions options() {
      return options;
    }

    @Override
    public RandomGenerator random() {
      if (random == null) {
        // Seeded per request, so a seeded run draws the same max_tokens for the same request index.
        random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
      }
      return random;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
      return Optional.ofNullable(tokenizer);
    }
  }
}
