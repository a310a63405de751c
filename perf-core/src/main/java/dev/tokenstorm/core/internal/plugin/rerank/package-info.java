/**
 * The {@code openai_rerank} API plugin: rerank request bodies and the decoder for the Cohere, Jina,
 * vLLM and Text Embeddings Inference response shapes. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.rerank;

import org.jspecify.annotations.NullMarked;
