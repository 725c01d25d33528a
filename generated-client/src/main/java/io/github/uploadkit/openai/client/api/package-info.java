/**
 * The Retrofit interfaces generated from the spec, one per tag.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package io.github.uploadkit.openai.client.api;

import org.jspecify.annotations.NullMarked;
