/** Downloads of dataset files from a ModelScope hub into a local cache. Not API. */
@NullMarked
package dev.tokenstorm.datasets.internal.hub;

import org.jspecify.annotations.NullMarked;
