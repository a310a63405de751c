/**
 * Helpers shared by the built-in API plugins other than {@code openai}: URL suffixes, JSON parsing,
 * parameter writing and error texts. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.support;

import org.jspecify.annotations.NullMarked;
