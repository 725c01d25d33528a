package io.github.uploadkit.openai.uploads.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a multipart/form-data body as a stream and copies one field's content to an output, so
 * that a part of any size passes through a fixed 64 KiB buffer.
 */
final class MultipartReader {
  private static final int BUFFER = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");

  /** The body is not well-formed multipart, or the field is too large. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  /** What was found: the field's filename (or null) and its length. */
  record Field(String filename, long length) {
  }

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];
  private int position;
  private int limit;
  private boolean eof;

  MultipartReader(InputStream in) {
    this.in = in;
  }

  /** The boundary of a {@code multipart/form-data} content type, or null when it is not one. */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    Matcher m = Pattern.compile("(?i)boundary=\"?([^\";]+)\"?").matcher(contentType);
    return m.find() ? m.group(1) : null;
  }

  /**
   * Copies the content of the field named {@code name} to {@code out}; other fields are skipped.
   * Returns null when there is no such field.
   *
   * @throws MalformedException if the body is not multipart or the field exceeds {@code maxBytes}
   */
  Field copyField(String boundary, String name, OutputStream out, long maxBytes)
      throws IOException, MalformedException {
    byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    if (!skipTo(first)) {
      throw new MalformedException("the body has no multipart boundary");
    }
    Field found = null;
    while (true) {
      String after = readLine();
      if (after.startsWith("--")) {
        return found;
      }
      String disposition = null;
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          disposition = line;
        }
      }
      String fieldName = disposition == null ? null : group(NAME, disposition);
      if (name.equals(fieldName) && found == null) {
        long length = copyUntil(delimiter, out, maxBytes);
        found = new Field(group(FILENAME, disposition), length);
      } else {
        copyUntil(delimiter, OutputStream.nullOutputStream(), Long.MAX_VALUE);
      }
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private boolean fill(int wanted) throws IOException {
    if (limit - position >= wanted) {
      return true;
    }
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    while (limit - position < wanted && !eof) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    }
    return limit - position >= wanted;
  }

  private boolean skipTo(byte[] marker) throws IOException, MalformedException {
    try {
      copyUntil(marker, OutputStream.nullOutputStream(), Long.MAX_VALUE);
      return true;
    } catch (MalformedException e) {
      return false;
    }
  }

  private String readLine() throws IOException, MalformedException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (!fill(1)) {
        throw new MalformedException("the multipart body ended inside a header");
      }
      byte b = buffer[position++];
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() > 8192) {
        throw new MalformedException("a multipart header line is longer than 8192 bytes");
      }
      line.append((char) (b & 0xff));
    }
  }

  /** Copies bytes up to the marker, consuming it; fails when the marker never comes or too much came. */
  private long copyUntil(byte[] marker, OutputStream out, long maxBytes) throws IOException, MalformedException {
    long copied = 0;
    while (true) {
      boolean enough = fill(marker.length);
      int found = indexOf(marker);
      int end = found >= 0 ? found : enough ? limit - marker.length + 1 : limit;
      if (end > position) {
        copied += end - position;
        if (copied > maxBytes) {
          throw new MalformedException("the part is larger than " + maxBytes + " bytes");
        }
        out.write(buffer, position, end - position);
        position = end;
      }
      if (found >= 0) {
        position += marker.length;
        return copied;
      }
      if (!enough) {
        throw new MalformedException("the multipart body ended before its closing boundary");
      }
    }
  }

  /** Boyer-Moore-Horspool: on random data it looks at about one byte in {@code marker.length}. */
  private int indexOf(byte[] marker) {
    int[] shift = shifts(marker);
    int last = marker.length - 1;
    for (int i = position; i + last < limit; i += shift[buffer[i + last] & 0xff]) {
      int j = last;
      while (j >= 0 && buffer[i + j] == marker[j]) {
        j--;
      }
      if (j < 0) {
        return i;
      }
    }
    return -1;
  }

  private byte[] shiftsFor;
  private int[] shifts;

  private int[] shifts(byte[] marker) {
    if (shiftsFor != marker) {
      int[] table = new int[256];
      java.util.Arrays.fill(table, marker.length);
      for (int j = 0; j < marker.length - 1; j++) {
        table[marker[j] & 0xff] = marker.length - 1 - j;
      }
      shifts = table;
      shiftsFor = marker;
    }
    return shifts;
  }
}
