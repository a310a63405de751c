/**
 * Visualizers: result sinks that send each run's metrics to experiment trackers (Weights &amp;
 * Biases, SwanLab, ClearML) over their public HTTP APIs with the JDK HTTP client. Create them
 * with {@link dev.tokenstorm.core.internal.visualizer.Visualizers}. Not API: types here may
 * change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.visualizer;

import org.jspecify.annotations.NullMarked;
