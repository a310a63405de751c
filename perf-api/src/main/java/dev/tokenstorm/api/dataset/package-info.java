/** The dataset contract: a lazy, named source of {@link dev.tokenstorm.api.query.Query} values. */
@NullMarked
package dev.tokenstorm.api.dataset;

import org.jspecify.annotations.NullMarked;
