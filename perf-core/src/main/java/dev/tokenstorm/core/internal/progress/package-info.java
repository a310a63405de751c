/**
 * The {@code progress.json} file that a run keeps up to date in its output root, for programs that
 * poll it. Not API: types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.progress;

import org.jspecify.annotations.NullMarked;
