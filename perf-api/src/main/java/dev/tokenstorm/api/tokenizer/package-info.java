/** Client-side tokenizers and chat templates, loaded by name through {@link java.util.ServiceLoader}. */
@NullMarked
package dev.tokenstorm.api.tokenizer;

import org.jspecify.annotations.NullMarked;
