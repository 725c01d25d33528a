package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import java.nio.ByteBuffer;

/**
 * Checks that the leading bytes are of the declared type (with Apache Tika), and for Word,
 * PowerPoint and Excel files that the archive has that application's entries.
 */
final class MagicTypeInspector implements ContentInspector {
  private static final int PREFIX_BYTES = ContentInspectors.HEAD_BYTES;

  private final String declared;
  private final String ooxmlFolder;
  private final String ooxmlKind;
  private final Problems problems = new Problems();
  private final byte[] prefix = new byte[PREFIX_BYTES];
  private final ZipEntryNames entries;
  private int prefixLength;
  private boolean detected;

  /**
   * @param declared the declared MIME type, without parameters
   * @param ooxmlFolder for an Office Open XML type, the folder its archive must have (word/,
   *     ppt/, xl/); null otherwise
   * @param ooxmlKind what to call that kind of document in a problem
   */
  MagicTypeInspector(String declared, String ooxmlFolder, String ooxmlKind) {
    this.declared = declared;
    this.ooxmlFolder = ooxmlFolder;
    this.ooxmlKind = ooxmlKind;
    this.entries = ooxmlFolder == null ? null : new ZipEntryNames();
  }

  @Override
  public void accept(ByteBuffer chunk) {
    ByteBuffer bytes = chunk.duplicate();
    if (prefixLength < PREFIX_BYTES) {
      int n = Math.min(PREFIX_BYTES - prefixLength, bytes.remaining());
      bytes.duplicate().get(prefix, prefixLength, n);
      prefixLength += n;
      if (prefixLength == PREFIX_BYTES) {
        detect();
      }
    }
    if (entries != null) {
      for (int i = bytes.position(); i < bytes.limit(); i++) {
        entries.accept(bytes.get(i) & 0xff);
      }
    }
  }

  private void detect() {
    if (detected) {
      return;
    }
    detected = true;
    byte[] head = prefixLength == PREFIX_BYTES ? prefix : java.util.Arrays.copyOf(prefix, prefixLength);
    String type = TikaDetector.detect(head); // octet-stream means unknown, and is the parent of every type
    if (type.equals("application/octet-stream") || !TikaDetector.related(declared, type)) {
      problems.add(0, 0, "the file's bytes are " + type + ", not the " + declared + " it is sent as: send its real"
          + " type, or check that it is the right file");
    }
  }

  @Override
  public boolean failed() {
    return problems.any();
  }

  @Override
  public ContentReport found() {
    return problems.report(0);
  }

  @Override
  public ContentReport finish() {
    detect();
    if (entries != null && !problems.any()) {
      boolean hasTypes = entries.names().contains("[Content_Types].xml");
      boolean hasFolder = entries.names().stream().anyMatch(name -> name.startsWith(ooxmlFolder));
      if (!hasTypes || !hasFolder) {
        problems.add(0, 0, "the file is a ZIP archive but not a " + ooxmlKind + " (it has no "
            + (hasTypes ? ooxmlFolder + " entries" : "[Content_Types].xml entry") + ")");
      }
    }
    return problems.report(0);
  }
}
