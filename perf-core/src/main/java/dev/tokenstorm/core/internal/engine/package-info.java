/**
 * The load engine: scheduling, request execution, record assembly, sinks and the sweep driver.
 * Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.engine;

import org.jspecify.annotations.NullMarked;
