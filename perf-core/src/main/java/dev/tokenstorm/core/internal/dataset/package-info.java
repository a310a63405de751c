/** perf-core's built-in query sources: a fixed prompt and the plain {@code line_by_line} file. */
@NullMarked
package dev.tokenstorm.core.internal.dataset;

import org.jspecify.annotations.NullMarked;
