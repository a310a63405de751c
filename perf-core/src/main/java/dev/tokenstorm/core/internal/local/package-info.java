/**
 * Local inference servers for the {@code local} and {@code local_vllm} apis: the command line, the
 * child process with its log, the readiness wait and the process-tree stop. Not API: types here may
 * change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.local;

import org.jspecify.annotations.NullMarked;
