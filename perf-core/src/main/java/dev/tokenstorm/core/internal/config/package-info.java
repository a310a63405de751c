/**
 * Configuration: the builder's raw settings, their validation, evalscope-style documents, and the
 * immutable resolved configuration. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.config;

import org.jspecify.annotations.NullMarked;
