package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that text is UTF-8 (ASCII included, a UTF-8 byte order mark allowed) or UTF-16 with a
 * byte order mark, as file search requires. Reports the first invalid byte only.
 */
final class TextEncodingInspector implements ContentInspector {
  private final Problems problems = new Problems();
  private final CharBuffer scratch = CharBuffer.allocate(16 * 1024);
  private final ByteBuffer head = ByteBuffer.allocate(2);
  private final ByteBuffer carry = ByteBuffer.allocate(8);
  private CharsetDecoder decoder;
  private String encoding;
  private long decoded;

  @Override
  public void accept(ByteBuffer chunk) {
    if (problems.any()) {
      return;
    }
    ByteBuffer bytes = chunk.duplicate();
    if (decoder == null) {
      while (head.hasRemaining() && bytes.hasRemaining()) {
        head.put(bytes.get());
      }
      if (head.hasRemaining()) {
        return;
      }
      start();
    }
    feed(bytes, false);
  }

  /** Chooses the encoding from the byte order mark, then decodes the bytes held for that. */
  private void start() {
    head.flip();
    int b0 = head.remaining() > 0 ? head.get(0) & 0xff : -1;
    int b1 = head.remaining() > 1 ? head.get(1) & 0xff : -1;
    boolean bigEndian = b0 == 0xFE && b1 == 0xFF;
    boolean littleEndian = b0 == 0xFF && b1 == 0xFE;
    encoding = bigEndian || littleEndian ? "UTF-16" : "UTF-8";
    decoder = (bigEndian ? StandardCharsets.UTF_16BE : littleEndian ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8)
        .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    feed(head, false);
  }

  private void feed(ByteBuffer bytes, boolean last) {
    while (carry.position() > 0 && bytes.hasRemaining() && !problems.any()) {
      carry.put(bytes.get()).flip();
      decode(carry, false);
      carry.compact();
    }
    if (problems.any()) {
      return;
    }
    decode(bytes, last);
    if (bytes.hasRemaining() && !problems.any()) {
      carry.put(bytes); // the first bytes of a character that the next chunk completes
    }
  }

  private void decode(ByteBuffer bytes, boolean last) {
    while (true) {
      int before = bytes.position();
      scratch.clear();
      CoderResult result = decoder.decode(bytes, scratch, last);
      decoded += bytes.position() - before;
      if (result.isError()) {
        problems.add(0, decoded, "the bytes here are not valid " + encoding + ": text for file search must be"
            + " UTF-8, UTF-16 with a byte order mark, or ASCII");
        bytes.position(bytes.limit());
        return;
      }
      if (result.isUnderflow()) {
        return;
      }
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
    if (decoder == null) {
      start();
    }
    if (!problems.any() && carry.position() > 0) {
      // the decoder keeps only the valid start of a character here: the file ends inside it
      problems.add(0, decoded, "the text ends inside a " + encoding + " character");
    }
    return problems.report(0);
  }
}
