/**
 * The {@code openai_responses} API plugin: request bodies for the OpenAI Responses API
 * ({@code /v1/responses}) and the decoder for its typed event stream and whole responses. Not API:
 * types here may change without notice.
 */
@NullMarked
package dev.tokenstorm.core.internal.plugin.responses;

import org.jspecify.annotations.NullMarked;
