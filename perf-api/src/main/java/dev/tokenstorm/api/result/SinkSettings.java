package dev.tokenstorm.api.result;

/**
 * Settings a {@link ResultSinkProvider} may read.
 *
 * @param dbCommitInterval rows per database transaction (at least 1)
 * @param maxStoredTextChars the most characters of a request body or output text a sink stores per
 *     request
 */
public record SinkSettings(int dbCommitInterval, int maxStoredTextChars) {}
