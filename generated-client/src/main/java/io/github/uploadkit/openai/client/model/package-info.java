/**
 * The records and enums generated from the spec's schemas.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 *
 * <p>Read and write them with {@code OpenAiClient.moshi()} or a Moshi from
 * {@code OpenAiClient.moshiBuilder()}: with those, a model is exactly the API's object, the
 * properties it does not declare flattened into it. A plain {@code new Moshi.Builder().build()}
 * would write {@code additionalProperties} as a property of its own.
 */
@NullMarked
package io.github.uploadkit.openai.client.model;

import org.jspecify.annotations.NullMarked;
