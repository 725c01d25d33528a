package io.github.uploadkit.openai.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A successful (2xx) response whose body is not the JSON the API sends: another content type,
 * or JSON of the wrong shape. Retrying does not help; the message says what came back.
 */
public final class MalformedResponseException extends IOException {
  public MalformedResponseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
