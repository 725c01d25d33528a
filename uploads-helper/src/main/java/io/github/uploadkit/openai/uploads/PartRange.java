package io.github.uploadkit.openai.uploads;

/**
 * One part of an upload: its 1-based number and the byte range of the source it carries.
 *
 * @param number the part's position in the file, from 1
 * @param offset the first byte's offset in the source
 * @param length the number of bytes, at least 1
 */
public record PartRange(int number, long offset, long length) {
  /** Validates the range. */
  public PartRange {
    if (number < 1 || offset < 0 || length < 1) {
      throw new IllegalArgumentException(
          "a part needs number >= 1, offset >= 0 and length >= 1, but was " + number + ", " + offset + ", " + length);
    }
  }

  /** The offset just past the last byte. */
  public long end() {
    return offset + length;
  }
}
