/**
 * Run-level metrics: a thread-safe accumulator that turns request records into a
 * {@link dev.tokenstorm.api.result.RunReport} with running sums and HdrHistogram percentiles. Not
 * API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.metrics;

import org.jspecify.annotations.NullMarked;
