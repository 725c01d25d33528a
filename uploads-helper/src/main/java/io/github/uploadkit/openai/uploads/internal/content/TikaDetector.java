package io.github.uploadkit.openai.uploads.internal.content;

import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/** Apache Tika's magic-byte detector; loaded only when tika-core is on the classpath. */
final class TikaDetector {
  private static final Tika TIKA = new Tika();
  private static final MediaTypeRegistry REGISTRY = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

  private TikaDetector() {
  }

  /** The type the leading bytes show, without looking at any name. */
  static String detect(byte[] prefix) {
    return TIKA.detect(prefix);
  }

  /** Whether one type is the other or a kind of it (a .docx is a kind of ZIP). */
  static boolean related(String declared, String detected) {
    MediaType a = REGISTRY.normalize(MediaType.parse(declared));
    MediaType b = REGISTRY.normalize(MediaType.parse(detected));
    return a != null && b != null && (REGISTRY.isInstanceOf(a, b) || REGISTRY.isInstanceOf(b, a));
  }
}
