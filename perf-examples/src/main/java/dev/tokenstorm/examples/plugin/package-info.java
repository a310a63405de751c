/**
 * An example custom {@link dev.tokenstorm.api.plugin.ApiPlugin} for a non-OpenAI JSON API, found by
 * name through {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.tokenstorm.examples.plugin;

import org.jspecify.annotations.NullMarked;
