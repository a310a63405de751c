/** Runnable examples: the quick start and small programs that show one feature each. */
@NullMarked
package dev.tokenstorm.examples;

import org.jspecify.annotations.NullMarked;
