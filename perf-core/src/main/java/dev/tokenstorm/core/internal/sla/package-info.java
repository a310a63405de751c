/**
 * SLA tuning: parsing of evalscope's criteria syntax, the search over concurrency or rate, the
 * measurement of each value through the sweep engine, averaging, and the output files. Not API:
 * types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.sla;

import org.jspecify.annotations.NullMarked;
