/**
 * The {@code openai} API plugin: request bodies for OpenAI-compatible {@code chat/completions} and
 * {@code completions} endpoints, and the decoder for their streamed and whole responses. Not API:
 * types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.openai;

import org.jspecify.annotations.NullMarked;
