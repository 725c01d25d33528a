/**
 * A fake Uploads server on loopback, with the API's rules, for offline use and tests.
 *
 * <p>Nothing here is null unless its type says {@code @Nullable}.
 */
@NullMarked
package io.github.uploadkit.openai.uploads.fake;

import org.jspecify.annotations.NullMarked;
