package dev.tokenstorm.core;

import dev.tokenstorm.api.InvalidConfigException;
import dev.tokenstorm.api.sla.SlaCriterion;
import dev.tokenstorm.api.sla.SlaMeasure;
import dev.tokenstorm.api.sla.SlaVariable;
import dev.tokenstorm.core.internal.sla.SlaParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The settings of SLA tuning: which load setting to vary, the criteria it must meet, the search
 * bounds and how each value is measured. Give it to {@link PerfRun.Builder#slaTuning(SlaTuning)}
 * and call {@link PerfRun#tune()}.
 *
 * <p>Criteria come in groups. All criteria of a group must be met at once, and each group gets its
 * own result: the largest value of the variable that meets the group, or, for a group with a
 * {@code max} or {@code min} goal, the value with the best goal measure. Every value is measured
 * once and reused by all groups.
 *
 * {@snippet :
 * SlaTuning tuning = SlaTuning.builder()
 *     .variable(SlaVariable.PARALLEL)
 *     .group(Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500)),
 *         Sla.avg(Metric.LATENCY).atMost(Duration.ofSeconds(2)))
 *     .criteria("[{\"p99_latency\": \"<=2s\"}]")   // evalscope's syntax adds more groups
 *     .upperBound(256)
 *     .build();
 * SlaResult result = PerfRun.builder().url(url).model("m").prompt("hi")
 *     .slaTuning(tuning).build().tune();
 * }
 *
 * <p>Immutable and thread-safe. This class lives in perf-core next to {@link PerfRun}, not in
 * perf-api, because it holds defaults, validation and a JSON parser: it configures perf-core's
 * engine and no other module implements or consumes it.
 */
public final class SlaTuning {

  /** Default upper bound of the search, as in evalscope. */
  public static final double DEFAULT_UPPER_BOUND = 65_536;

  /** Default lower bound of the search, as in evalscope. */
  public static final double DEFAULT_LOWER_BOUND = 1;

  /** Default number of runs per measured value, averaged, as in evalscope. */
  public static final int DEFAULT_NUM_RUNS = 3;

  /** Default requests per run as a multiple of the measured value, as in evalscope. */
  public static final double DEFAULT_NUMBER_MULTIPLIER = 2;

  /**
   * Minimum requests per run by default. Without percentile criteria, 20 requests keep a mean or
   * a throughput from resting on a handful of samples, where evalscope's {@code 2 x value} alone
   * gives 2 requests at concurrency 1. Percentile criteria raise it, see {@link #minRequests()}.
   */
  public static final int DEFAULT_MIN_REQUESTS_FLOOR = 20;

  /** Default allowed failure rate: any failed request fails a value, as in evalscope. */
  public static final double DEFAULT_MAX_FAILURE_RATE = 0;

  /**
   * Default relative tolerance of the rate search: the binary search stops when the failing rate
   * is within 5 % of the passing one. Finer steps cost a measurement each and are below the
   * run-to-run noise of short runs.
   */
  public static final double DEFAULT_RATE_TOLERANCE = 0.05;

  private final SlaVariable variable;
  private final List<List<SlaCriterion>> groups;
  private final double upperBound;
  private final double lowerBound;
  private final OptionalInt fixedParallel;
  private final int numRuns;
  private final double numberMultiplier;
  private final int minRequests;
  private final double maxFailureRate;
  private final double rateTolerance;
  private final List<String> warnings;

  private SlaTuning(Builder b, List<List<SlaCriterion>> groups, int minRequests,
      List<String> warnings) {
    this.variable = b.variable;
    this.groups = groups;
    this.upperBound = b.upperBound;
    this.lowerBound = b.lowerBound;
    this.fixedParallel = b.fixedParallel == null ? OptionalInt.empty()
        : OptionalInt.of(b.fixedParallel);
    this.numRuns = b.numRuns;
    this.numberMultiplier = b.numberMultiplier;
    this.minRequests = minRequests;
    this.maxFailureRate = b.maxFailureRate;
    this.rateTolerance = b.rateTolerance;
    this.warnings = List.copyOf(warnings);
  }

  /** Returns a builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the tuned variable. */
  public SlaVariable variable() {
    return variable;
  }

  /**
   * Returns the criteria groups, at least one. A tuning built without criteria has one empty group,
   * which accepts every value whose failure rate is within {@link #maxFailureRate()}.
   */
  public List<List<SlaCriterion>> groups() {
    return groups;
  }

  /** Returns the largest value tried. */
  public double upperBound() {
    return upperBound;
  }

  /** Returns the smallest value tried. */
  public double lowerBound() {
    return lowerBound;
  }

  /**
   * Returns the concurrency used while tuning the rate. When empty, a closed loop uses the upper
   * bound (as evalscope does) and an open loop sends without a cap.
   */
  public OptionalInt fixedParallel() {
    return fixedParallel;
  }

  /** Returns the runs per measured value; their results are averaged. */
  public int numRuns() {
    return numRuns;
  }

  /** Returns the requests per run as a multiple of the measured value. */
  public double numberMultiplier() {
    return numberMultiplier;
  }

  /**
   * Returns the fewest requests per run. Unless set, it is {@link #DEFAULT_MIN_REQUESTS_FLOOR}, or
   * {@code ceil(100 / (100 - r))} for the highest percentile rank {@code r} below 100 in the
   * criteria when that is larger: 100 for p99 and 1,000 for p99.9, so that at least one sample
   * lies beyond the percentile and it is not simply the largest sample.
   */
  public int minRequests() {
    return minRequests;
  }

  /** Returns the largest failed fraction of requests (0 to 1) at which a value can still pass. */
  public double maxFailureRate() {
    return maxFailureRate;
  }

  /** Returns the relative tolerance at which the rate search stops. */
  public double rateTolerance() {
    return rateTolerance;
  }

  /**
   * Returns notes about the criteria that are valid but probably not what was meant, such as a
   * TTFT threshold of 0.5 without a unit, which means 0.5 ms.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the measured requests of each run at {@code value}:
   * {@code max(minRequests, round(value x numberMultiplier))}.
   */
  public int requestsPerRun(double value) {
    long scaled = Math.max(1, Math.round(value * numberMultiplier));
    return (int) Math.min(Integer.MAX_VALUE, Math.max(minRequests, scaled));
  }

  @Override
  public String toString() {
    return "SlaTuning[variable=" + variable.key() + ", groups=" + groups + ", bounds=["
        + lowerBound + ", " + upperBound + "], fixedParallel="
        + (fixedParallel.isPresent() ? fixedParallel.getAsInt() : "none") + ", numRuns=" + numRuns
        + ", numberMultiplier=" + numberMultiplier + ", minRequests=" + minRequests
        + ", maxFailureRate=" + maxFailureRate + ", rateTolerance=" + rateTolerance + "]";
  }

  /**
   * Collects the settings of an {@link SlaTuning}. Mutable and not thread-safe; {@link #build()}
   * checks every setting and reports all problems at once.
   */
  public static final class Builder {

    private SlaVariable variable = SlaVariable.PARALLEL;
    // Typed groups and evalscope JSON texts, in the order added, so groups keep that order.
    private final List<CriteriaSource> sources = new ArrayList<>();
    private double upperBound = DEFAULT_UPPER_BOUND;
    private double lowerBound = DEFAULT_LOWER_BOUND;
    private @Nullable Integer fixedParallel;
    private int numRuns = DEFAULT_NUM_RUNS;
    private double numberMultiplier = DEFAULT_NUMBER_MULTIPLIER;
    private @Nullable Integer minRequests;
    private double maxFailureRate = DEFAULT_MAX_FAILURE_RATE;
    private double rateTolerance = DEFAULT_RATE_TOLERANCE;

    private Builder() {}

    /** Sets the tuned variable. Default {@link SlaVariable#PARALLEL}. */
    public Builder variable(SlaVariable variable) {
      this.variable = Objects.requireNonNull(variable, "variable");
      return this;
    }

    /** Adds a group of criteria that must all hold at once; each group is searched on its own. */
    public Builder group(SlaCriterion... criteria) {
      return group(Arrays.asList(criteria));
    }

    /** Adds a group of criteria that must all hold at once; each group is searched on its own. */
    public Builder group(List<SlaCriterion> criteria) {
      List<SlaCriterion> group = new ArrayList<>();
      for (SlaCriterion criterion : criteria) {
        group.add(Objects.requireNonNull(criterion, "criterion"));
      }
      sources.add(new CriteriaSource(List.copyOf(group), null));
      return this;
    }

    /**
     * Adds the groups of evalscope's {@code sla_params} syntax: a JSON list of objects, each
     * mapping a measure name to a condition, such as
     * {@code [{"p99_latency": "<=2", "avg_ttft": "<500ms"}, {"tps": "max"}]}. A number without a
     * unit is in the measure's unit (latency in s, TTFT, TPOT and ITL in ms); a suffix
     * {@code ms} or {@code s} states the unit. Syntax errors are reported by {@link #build()}.
     */
    public Builder criteria(String json) {
      sources.add(new CriteriaSource(null, Objects.requireNonNull(json, "json")));
      return this;
    }

    /** Sets the largest value tried. Default {@link #DEFAULT_UPPER_BOUND}. */
    public Builder upperBound(double bound) {
      this.upperBound = bound;
      return this;
    }

    /**
     * Sets the smallest value tried: at least 1 for {@code parallel}, greater than 0 for
     * {@code rate}. Default {@link #DEFAULT_LOWER_BOUND}.
     */
    public Builder lowerBound(double bound) {
      this.lowerBound = bound;
      return this;
    }

    /**
     * Sets the concurrency used while tuning {@code rate} (at least 1); see
     * {@link SlaTuning#fixedParallel()}.
     */
    public Builder fixedParallel(int parallel) {
      this.fixedParallel = parallel;
      return this;
    }

    /** Sets the runs per measured value, averaged (at least 1). Default 3, as in evalscope. */
    public Builder numRuns(int runs) {
      this.numRuns = runs;
      return this;
    }

    /**
     * Sets the requests per run as a multiple of the value (greater than 0). Default
     * {@link #DEFAULT_NUMBER_MULTIPLIER}.
     */
    public Builder numberMultiplier(double multiplier) {
      this.numberMultiplier = multiplier;
      return this;
    }

    /** Sets the fewest requests per run (at least 1); see {@link SlaTuning#minRequests()}. */
    public Builder minRequests(int requests) {
      this.minRequests = requests;
      return this;
    }

    /**
     * Sets the largest failed fraction of requests at which a value still passes, from 0
     * (inclusive) to 1 (exclusive). Default 0: one failed request fails the value.
     */
    public Builder maxFailureRate(double rate) {
      this.maxFailureRate = rate;
      return this;
    }

    /**
     * Sets the relative tolerance of the rate search, between 0 and 1 (exclusive). Default
     * {@link #DEFAULT_RATE_TOLERANCE}. The concurrency search always ends on adjacent integers.
     */
    public Builder rateTolerance(double tolerance) {
      this.rateTolerance = tolerance;
      return this;
    }

    /**
     * Checks every setting and returns the tuning.
     *
     * @throws InvalidConfigException listing every problem, each naming the setting and the value
     */
    public SlaTuning build() {
      List<String> problems = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      List<List<SlaCriterion>> resolved = new ArrayList<>();
      for (CriteriaSource source : sources) {
        if (source.group() != null) {
          resolved.add(source.group());
        } else if (source.json() != null) {
          resolved.addAll(SlaParams.parse(source.json(), "slaTuning criteria", problems, warnings));
        }
      }
      SlaParams.checkGroups(resolved, "slaTuning", problems);

      checkBounds(problems);
      checkMeasurement(problems);
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }

      List<List<SlaCriterion>> frozen = resolved.isEmpty() ? List.of(List.of())
          : resolved.stream().map(List::copyOf).toList();
      int min = minRequests != null ? minRequests : defaultMinRequests(frozen);
      return new SlaTuning(this, frozen, min, warnings);
    }

    private void checkMeasurement(List<String> problems) {
      if (numRuns < 1) {
        problems.add("slaTuning numRuns (sla_num_runs) must be at least 1 but was " + numRuns);
      }
      if (!(numberMultiplier > 0) || !Double.isFinite(numberMultiplier)) {
        problems.add("slaTuning numberMultiplier (sla_number_multiplier) must be a number greater"
            + " than 0 but was " + numberMultiplier);
      }
      if (minRequests != null && minRequests < 1) {
        problems.add("slaTuning minRequests (sla_min_requests) must be at least 1 but was "
            + minRequests);
      }
      if (!(maxFailureRate >= 0 && maxFailureRate < 1)) {
        problems.add("slaTuning maxFailureRate (sla_max_failure_rate) must be a fraction from 0"
            + " (inclusive) to 1 (exclusive) but was " + maxFailureRate);
      }
      if (!(rateTolerance > 0 && rateTolerance < 1)) {
        problems.add("slaTuning rateTolerance (sla_rate_tolerance) must be between 0 and 1"
            + " (exclusive) but was " + rateTolerance);
      }
    }

    private void checkBounds(List<String> problems) {
      if (fixedParallel != null && fixedParallel < 1) {
        problems.add("slaTuning fixedParallel (sla_fixed_parallel) must be at least 1 but was "
            + fixedParallel);
      }
      if (fixedParallel != null && variable == SlaVariable.PARALLEL) {
        problems.add("slaTuning fixedParallel (sla_fixed_parallel) applies only when tuning rate,"
            + " but the variable is parallel; remove it or tune rate");
      }
      if (!Double.isFinite(lowerBound) || !Double.isFinite(upperBound)) {
        problems.add("slaTuning bounds (sla_lower_bound, sla_upper_bound) must be finite numbers"
            + " but were lowerBound " + lowerBound + " and upperBound " + upperBound);
        return;
      }
      if (variable == SlaVariable.PARALLEL) {
        if (lowerBound != Math.rint(lowerBound) || upperBound != Math.rint(upperBound)) {
          problems.add("slaTuning bounds of parallel (sla_lower_bound, sla_upper_bound) must be"
              + " whole numbers but were lowerBound " + lowerBound + " and upperBound "
              + upperBound);
        }
        if (lowerBound < 1) {
          problems.add("slaTuning lowerBound (sla_lower_bound) of parallel must be at least 1 but"
              + " was " + lowerBound);
        }
        if (upperBound > Integer.MAX_VALUE) {
          problems.add("slaTuning upperBound (sla_upper_bound) of parallel must be at most "
              + Integer.MAX_VALUE + " but was " + upperBound);
        }
      } else if (!(lowerBound > 0)) {
        problems.add("slaTuning lowerBound (sla_lower_bound) of rate must be greater than 0 but"
            + " was " + lowerBound);
      }
      if (upperBound < lowerBound) {
        problems.add("slaTuning upperBound (sla_upper_bound) " + upperBound + " must be at least"
            + " lowerBound (sla_lower_bound) " + lowerBound);
      }
    }

    private record CriteriaSource(@Nullable List<SlaCriterion> group, @Nullable String json) {}

    private static int defaultMinRequests(List<List<SlaCriterion>> groups) {
      int min = DEFAULT_MIN_REQUESTS_FLOOR;
      for (List<SlaCriterion> group : groups) {
        for (SlaCriterion criterion : group) {
          if (criterion.measure() instanceof SlaMeasure.PercentileValue p && p.rank() < 100) {
            min = Math.max(min, (int) Math.ceil(100 / (100 - p.rank()) - 1e-9));
          }
        }
      }
      return min;
    }
  }
}
