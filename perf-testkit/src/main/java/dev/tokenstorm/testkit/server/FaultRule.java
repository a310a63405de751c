package dev.tokenstorm.testkit.server;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Decides which requests get a {@link Fault}.
 *
 * <p>The server tries its rules in the order they were added and applies the first match; a
 * request matches at most one rule. A rule limited to a path with {@link #onPath} ignores requests
 * on other paths, and they do not count towards {@link #everyNth} or {@link #nextRequests}.
 *
 * <p>Thread-safe: counting rules use atomic counters, so concurrent requests never both take the
 * last use of a {@link #nextRequests} rule.
 *
 * {@snippet :
 * server.injectFault(FaultRule.nextRequests(2, Fault.status(503)));
 * server.injectFault(FaultRule.everyNth(10, Fault.resetAfterEvents(3)).onPath("/v1/chat/completions"));
 * server.injectFault(FaultRule.when(r -> r.index() == 7, Fault.rateLimited(Duration.ofSeconds(1))));
 * }
 */
public final class FaultRule {

  private final Fault fault;
  private final @Nullable String path;
  private final Predicate<RequestInfo> predicate;
  private final Counter counter;

  private FaultRule(
      Fault fault, @Nullable String path, Predicate<RequestInfo> predicate, Counter counter) {
    this.fault = Objects.requireNonNull(fault, "fault");
    this.path = path;
    this.predicate = Objects.requireNonNull(predicate, "predicate");
    this.counter = counter;
  }

  /** Returns a rule that gives {@code fault} to the next {@code count} matching requests. */
  public static FaultRule nextRequests(int count, Fault fault) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    return new FaultRule(fault, null, request -> true, Counter.limited(count));
  }

  /**
   * Returns a rule that gives {@code fault} to every {@code n}th request that reaches the rule: the
   * {@code n}th, {@code 2n}th and so on, counting from 1 when the rule is added.
   */
  public static FaultRule everyNth(int n, Fault fault) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    return new FaultRule(fault, null, request -> true, Counter.everyNth(n));
  }

  /** Returns a rule that gives {@code fault} to every request for which {@code predicate} holds. */
  public static FaultRule when(Predicate<RequestInfo> predicate, Fault fault) {
    return new FaultRule(fault, null, predicate, Counter.unlimited());
  }

  /** Returns a rule that gives {@code fault} to every request. */
  public static FaultRule always(Fault fault) {
    return new FaultRule(fault, null, request -> true, Counter.unlimited());
  }

  /**
   * Returns this rule limited to requests on {@code requestPath}, such as {@code
   * /v1/chat/completions}. Call it before adding the rule to a server: the copy has fresh counters.
   */
  public FaultRule onPath(String requestPath) {
    Objects.requireNonNull(requestPath, "requestPath");
    return new FaultRule(fault, requestPath, predicate, counter.fresh());
  }

  /** Returns the fault this rule applies. */
  public Fault fault() {
    return fault;
  }

  /**
   * Returns the fault for {@code request} if this rule matches it, using up one match of a
   * counting rule. The server calls this once per request; tests normally do not.
   */
  public Optional<Fault> match(RequestInfo request) {
    if (path != null && !path.equals(request.path())) {
      return Optional.empty();
    }
    if (!predicate.test(request)) {
      return Optional.empty();
    }
    return counter.take() ? Optional.of(fault) : Optional.empty();
  }

  @Override
  public String toString() {
    return "FaultRule[" + fault + (path == null ? "" : " on " + path) + ", " + counter + "]";
  }

  /** Decides, for each request that passes the filters, whether the rule applies. */
  private static final class Counter {
    private static final long UNLIMITED = -1;

    private final long limit;
    private final int period;
    private final AtomicLong count = new AtomicLong();

    private Counter(long limit, int period) {
      this.limit = limit;
      this.period = period;
    }

    static Counter limited(long limit) {
      return new Counter(limit, 1);
    }

    static Counter everyNth(int period) {
      return new Counter(UNLIMITED, period);
    }

    static Counter unlimited() {
      return new Counter(UNLIMITED, 1);
    }

    Counter fresh() {
      return new Counter(limit, period);
    }

    boolean take() {
      if (limit != UNLIMITED) {
        long before = count.getAndUpdate(used -> used < limit ? used + 1 : used);
        return before < limit;
      }
      return count.incrementAndGet() % period == 0;
    }

    @Override
    public String toString() {
      if (limit != UNLIMITED) {
        return "used " + count.get() + " of " + limit;
      }
      return period == 1 ? "always" : "every " + period + "th";
    }
  }
}
