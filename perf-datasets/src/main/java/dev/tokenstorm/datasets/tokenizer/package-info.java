/**
 * Hugging Face tokenizers loaded through DJL, and their Jinja chat templates rendered with jinjava
 * set up to match Hugging Face's {@code apply_chat_template}. The public entry point is
 * {@link dev.tokenstorm.datasets.tokenizer.HuggingFaceTokenizerProvider}.
 */
@NullMarked
package dev.tokenstorm.datasets.tokenizer;

import org.jspecify.annotations.NullMarked;
