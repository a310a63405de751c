/**
 * SLA tuning contracts: typed criteria ({@link dev.tokenstorm.api.sla.Sla}), the tuned variable,
 * and the result of a search for the largest concurrency or request rate that meets the criteria.
 *
 * <p>A criterion compares one measured quantity of a run, in that quantity's unit, with a
 * threshold, or asks for the quantity's maximum or minimum:
 *
 * {@snippet :
 * SlaCriterion ttft = Sla.p99(Metric.TTFT).atMost(Duration.ofMillis(500));
 * SlaCriterion latency = Sla.avg(Metric.LATENCY).below(Duration.ofSeconds(2));
 * SlaCriterion throughput = Sla.outputThroughput().maximise();
 * }
 */
@NullMarked
package dev.tokenstorm.api.sla;

import org.jspecify.annotations.NullMarked;
