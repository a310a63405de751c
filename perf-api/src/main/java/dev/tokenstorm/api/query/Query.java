package dev.tokenstorm.api.query;

/**
 * One unit of work for the target service, before it becomes a request body.
 *
 * <p>A {@link dev.tokenstorm.api.dataset.Dataset} yields queries; the run's
 * {@link dev.tokenstorm.api.plugin.ApiPlugin} turns each one into an HTTP request. Which body shape
 * a plugin builds follows the query type: {@link ChatQuery} becomes {@code messages},
 * {@link PromptQuery} becomes a {@code prompt} string, {@link TokenIdsQuery} a token-id array.
 *
 * <p>All implementations are immutable records and safe to share between threads.
 */
public sealed interface Query
    permits ChatQuery, PromptQuery, TokenIdsQuery, EmbeddingQuery, RerankQuery, RawBodyQuery {}
