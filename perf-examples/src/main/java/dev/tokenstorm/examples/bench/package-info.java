/** Benchmark programs behind docs/benchmarks.md; each prints its figures to standard output. */
@NullMarked
package dev.tokenstorm.examples.bench;

import org.jspecify.annotations.NullMarked;
