/**
 * Datasets for every mode of {@code PerfRun.builder().dataset(name)}, Hugging Face tokenizers and
 * chat templates, and downloads of hub datasets. Putting this module on the class path makes the
 * datasets and the tokenizer provider available through {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.tokenstorm.datasets;

import org.jspecify.annotations.NullMarked;
