/**
 * What a {@link dev.tokenstorm.api.dataset.Dataset} yields and an {@link dev.tokenstorm.api.plugin.ApiPlugin}
 * turns into a request body: chat messages, plain prompts, token ids, embedding inputs, rerank pairs
 * or complete request bodies.
 */
@NullMarked
package dev.tokenstorm.api.query;

import org.jspecify.annotations.NullMarked;
