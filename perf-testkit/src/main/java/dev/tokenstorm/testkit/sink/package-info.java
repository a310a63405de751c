/** Result sinks for tests: record what the engine delivers so tests can check it. */
@NullMarked
package dev.tokenstorm.testkit.sink;

import org.jspecify.annotations.NullMarked;
