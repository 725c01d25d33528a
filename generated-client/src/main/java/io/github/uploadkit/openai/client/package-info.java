/**
 * The hand-written way into the generated client: {@code OpenAiClient} and its exceptions.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package io.github.uploadkit.openai.client;

import org.jspecify.annotations.NullMarked;
