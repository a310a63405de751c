/**
 * The {@code openai_embedding} API plugin: OpenAI-compatible {@code /v1/embeddings} request bodies
 * and response decoding. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.embedding;

import org.jspecify.annotations.NullMarked;
