/**
 * The server-sent events parser used for streamed responses. Not API: types here may change
 * without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.sse;

import org.jspecify.annotations.NullMarked;
