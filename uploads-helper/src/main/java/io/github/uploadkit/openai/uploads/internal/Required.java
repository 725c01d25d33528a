package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;

/** Refuses a response whose required field is missing. */
final class Required {
  private Required() {
  }

  /** Returns {@code value}, or throws naming the field when the response left it out. */
  static <T> T field(T value, String name) throws MalformedResponseException {
    if (value == null) {
      throw new MalformedResponseException("the response has no " + name + ", which the API always sends", null);
    }
    return value;
  }
}
