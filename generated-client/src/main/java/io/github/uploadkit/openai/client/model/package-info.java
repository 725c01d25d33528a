/**
 * The records and enums generated from the spec's schemas.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package io.github.uploadkit.openai.client.model;

import org.jspecify.annotations.NullMarked;
