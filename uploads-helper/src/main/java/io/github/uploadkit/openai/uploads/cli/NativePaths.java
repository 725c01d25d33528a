package io.github.uploadkit.openai.uploads.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Paths as the file system holds them: bytes, not text. {@link Path#toString()} replaces the
 * bytes of a name that the platform's encoding cannot decode (every byte above 127 in the POSIX
 * locale), and a path made from that text names another file; a path's {@code file:} URI keeps
 * every byte, percent-encoded, and a path made from such a URI has exactly those bytes.
 */
final class NativePaths {
  private NativePaths() {
  }

  /** The bytes of {@code path}, names joined by '/', with a leading '/' when it is absolute. */
  static byte[] bytes(Path path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (path.getRoot() != null) {
      out.write('/');
    }
    for (int i = 0; i < path.getNameCount(); i++) {
      if (i > 0) {
        out.write('/');
      }
      String raw = path.getFileSystem().getPath("/").resolve(path.getName(i)).toUri().getRawPath();
      int end = raw.endsWith("/") && raw.length() > 1 ? raw.length() - 1 : raw.length(); // a directory's URI ends in '/'
      out.writeBytes(decoded(raw.substring(1, end)));
    }
    return out.toByteArray();
  }

  /** The sibling of {@code file} named {@code prefix}, then {@code file}'s own name (its bytes), then {@code suffix}. */
  static Path sibling(Path file, String prefix, String suffix) {
    Path absolute = file.toAbsolutePath().normalize();
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    name.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    name.writeBytes(bytes(absolute.getFileName()));
    name.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
    return in(absolute.getParent(), name.toByteArray());
  }

  /** The entry of {@code folder} whose name is {@code name}'s bytes. */
  static Path in(Path folder, byte[] name) {
    ByteArrayOutputStream path = new ByteArrayOutputStream();
    path.writeBytes(bytes(folder.toAbsolutePath().normalize()));
    path.write('/');
    path.writeBytes(name);
    return of(path.toByteArray());
  }

  /** The absolute path with exactly these bytes. */
  static Path of(byte[] absolute) {
    return Path.of(URI.create("file://" + encoded(absolute)));
  }

  /** The bytes with everything but letters, digits and {@code / . _ ~ -} percent-encoded: no tab, newline or space. */
  static String encoded(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/._~-".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** The bytes of percent-encoded text. */
  static byte[] decoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int at = 0; at < text.length(); at++) {
      char c = text.charAt(at);
      if (c == '%') {
        bytes.write(Integer.parseInt(text, at + 1, at + 3, 16));
        at += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toByteArray();
  }
}
