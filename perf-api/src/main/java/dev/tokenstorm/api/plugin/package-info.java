/**
 * The API plugin contract: how a query becomes an HTTP request and how a response (whole or as
 * server-sent events) becomes token events, usage and errors.
 */
@NullMarked
package dev.tokenstorm.api.plugin;

import org.jspecify.annotations.NullMarked;
