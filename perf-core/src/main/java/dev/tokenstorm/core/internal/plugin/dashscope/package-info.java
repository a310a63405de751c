/**
 * The {@code dashscope} API plugin: Alibaba Cloud DashScope's native text-generation API, with its
 * {@code input}/{@code parameters} request shape and incremental server-sent events. Not API: types
 * here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.dashscope;

import org.jspecify.annotations.NullMarked;
