/**
 * Implementation of the simulated server: HTTP/1.1 parsing, connection handling, pacing, capacity
 * queueing, truth recording and the endpoint handlers.
 *
 * <p>Not an API: types here are public only so the server in the parent package can use them, and
 * they change without notice.
 */
@NullMarked
package dev.tokenstorm.testkit.server.internal;

import org.jspecify.annotations.NullMarked;
