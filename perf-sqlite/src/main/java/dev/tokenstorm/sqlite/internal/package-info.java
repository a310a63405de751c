/**
 * Implementation of the SQLite sink and reader: schema, row encoding, report JSON and the writer
 * thread. Not a public API; it may change in any release.
 */
@NullMarked
package dev.tokenstorm.sqlite.internal;

import org.jspecify.annotations.NullMarked;
