/**
 * SQLite storage of runs: {@link dev.tokenstorm.sqlite.SqliteResultSink} writes every measured
 * request to a {@code benchmark_data.db} file laid out like evalscope's, plus Tokenstorm's columns,
 * the run's configuration and its summary; {@link dev.tokenstorm.sqlite.StoredRun} reads a stored
 * run back.
 *
 * <p>{@link dev.tokenstorm.sqlite.SqliteSinkProvider} adds the sink to every {@code PerfRun} when
 * this module is on the class path.
 */
@NullMarked
package dev.tokenstorm.sqlite;

import org.jspecify.annotations.NullMarked;
