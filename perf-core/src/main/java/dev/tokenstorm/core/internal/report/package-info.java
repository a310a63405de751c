/**
 * Output files in evalscope's layout: {@code benchmark_summary.json},
 * {@code benchmark_percentile.json}, {@code benchmark_args.json} per run and
 * {@code performance_summary.txt} at the root. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.report;

import org.jspecify.annotations.NullMarked;
