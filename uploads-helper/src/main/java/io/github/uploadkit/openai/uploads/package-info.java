/**
 * Uploads files of up to 8 GB through the Uploads API: {@code Uploader} and what it takes and gives.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package io.github.uploadkit.openai.uploads;

import org.jspecify.annotations.NullMarked;
