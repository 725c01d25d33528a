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
   * The bytes of the file's name (its last one), percent-encoded as in its {@code file:} URI:
   * the same text for the same bytes whatever the locale.
   */
  static String rawName(Path file) {
    String raw = file.toAbsolutePath().toUri().getRawPath();
    if (raw.endsWith("/") && raw.length() > 1) {
      raw = raw.substring(0, raw.length() - 1); // a directory's URI ends in '/'
    }
    return raw.substring(raw.lastIndexOf('/') + 1);
  }

  /**
   * The file's name as text for the start of a temporary file's name: itself when it is text that
   * names it again, else a fixed word (the platform's encoding cannot decode it).
   */
  static String forTemporaryName(Path file) {
    String name = String.valueOf(file.getFileName());
    try {
      if (file.getFileSystem().getPath(name).equals(file.getFileName())) {
        return name;
      }
    } catch (RuntimeException notAPath) {
      // the fixed word below
    }
    return "journal";
  }

  /**
   * The file's name as text.
   *
   * @throws UploadValidationException if its bytes are not UTF-8
   */
  static String of(Path file) {
    String raw = rawName(file);
    byte[] bytes = new byte[raw.length()];
    int length = 0;
    for (int at = 0; at < raw.length(); at++) {
      char c = raw.charAt(at);
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
