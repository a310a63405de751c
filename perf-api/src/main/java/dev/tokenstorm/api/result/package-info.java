/**
 * Results of a benchmark: per-request records, per-run reports with typed metrics and percentiles,
 * and the {@link dev.tokenstorm.api.result.ResultSink} contract that receives them.
 */
@NullMarked
package dev.tokenstorm.api.result;

import org.jspecify.annotations.NullMarked;
