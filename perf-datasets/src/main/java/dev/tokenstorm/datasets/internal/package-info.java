/**
 * The built-in datasets and their helpers. Not API: select datasets by name, or through
 * {@link dev.tokenstorm.datasets.Datasets}. The dataset classes are public only so that
 * {@link java.util.ServiceLoader} can create them.
 */
@NullMarked
package dev.tokenstorm.datasets.internal;

import org.jspecify.annotations.NullMarked;
