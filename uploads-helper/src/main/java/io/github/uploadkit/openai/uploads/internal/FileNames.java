package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The name a file gives its File by default: the bytes of its name decoded as UTF-8, read from the
 * path's {@code file:} URI (which keeps every byte, where {@link Path#toString()} puts U+FFFD or
 * '?' for bytes the platform's encoding cannot decode). A name that is not UTF-8 cannot be sent:
 * it is refused before any request, never sent with its bytes replaced.
 */
final class FileNames {
  private FileNames() {
  }

  /**
   * The file's name as text.
   *
   * @throws UploadValidationException if its bytes are not UTF-8
   */
  static String of(Path file) {
    String raw = file.toAbsolutePath().toUri().getRawPath();
    raw = raw.substring(raw.lastIndexOf('/', raw.length() - 2) + 1); // the last name, percent-encoded
    byte[] bytes = new byte[raw.length()];
    int length = 0;
    for (int at = 0; at < raw.length(); at++) {
      char c = raw.charAt(at);
      if (c == '/') {
        break; // a directory's URI ends in '/'
      }
      if (c == '%') {
        bytes[length++] = (byte) Integer.parseInt(raw, at + 1, at + 3, 16);
        at += 2;
      } else {
        bytes[length++] = (byte) c;
      }
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new UploadValidationException("filename", file, "the name of " + file + " is not UTF-8 (byte 0x"
          + String.format("%02x", bytes[in.position()] & 0xff) + " at index " + in.position() + "), and the API takes"
          + " UTF-8 names only: give the File a name (filename, or --filename in the tool), or rename the file");
    }
  }
}
