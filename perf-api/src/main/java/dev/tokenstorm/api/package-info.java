/**
 * Contracts shared by every Tokenstorm module: exceptions and small value types.
 *
 * <p>Everything in this module is non-null unless a parameter, field or return type is annotated
 * {@link org.jspecify.annotations.Nullable}. Absent values are {@link java.util.Optional}s, never
 * {@code null} or a sentinel such as {@code -1}.
 */
@NullMarked
package dev.tokenstorm.api;

import org.jspecify.annotations.NullMarked;
