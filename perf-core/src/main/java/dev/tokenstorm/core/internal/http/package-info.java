/**
 * The HTTP transport: one {@link java.net.http.HttpClient} per run, streamed response bodies fed
 * to the SSE parser and the plugin's decoder as bytes arrive, and read, total and connect timeouts.
 * Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.http;

import org.jspecify.annotations.NullMarked;
