/**
 * A small read-only Parquet reader for the files that pyarrow and Hugging Face {@code datasets}
 * write: flat columns and struct fields, PLAIN and dictionary encodings, data pages v1 and v2,
 * and UNCOMPRESSED, SNAPPY, GZIP or ZSTD compression. It needs no Hadoop. Not API.
 *
 * <p>Entry point: {@link dev.tokenstorm.datasets.internal.parquet.ParquetFile}.
 */
@NullMarked
package dev.tokenstorm.datasets.internal.parquet;

import org.jspecify.annotations.NullMarked;
