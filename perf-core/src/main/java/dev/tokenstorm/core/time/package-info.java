/** The clock abstraction: every read of time and every timed wait in the engine goes through it. */
@NullMarked
package dev.tokenstorm.core.time;

import org.jspecify.annotations.NullMarked;
