package io.github.uploadkit.openai.uploads;

import java.util.Objects;

/**
 * What an upload would do, as {@link Uploader#validate} works it out without sending anything:
 * the name, size and type the Upload would be created with, and how its bytes would be cut into
 * parts. Immutable; {@link #toString()} is one line for people, not a format to parse.
 *
 * @param filename the filename the Upload would be created with
 * @param bytes the size of the source, the Upload's {@code bytes}
 * @param mimeType the MIME type it would be sent as
 * @param purpose the Upload's purpose
 * @param partCount how many parts would be sent
 * @param partSize the size of every part but the last, in bytes
 * @param concurrency the most parts of this upload in flight at once
 * @param md5 whether an md5 of the bytes would be sent with the completion
 */
public record UploadPlan(String filename, long bytes, String mimeType, Purpose purpose, int partCount,
    long partSize, int concurrency, boolean md5) {
  /** Checks that every value is present and in range. */
  public UploadPlan {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(purpose, "purpose");
    if (bytes < 0 || partCount < 0 || partSize < 1 || concurrency < 1) {
      throw new IllegalArgumentException("a plan needs bytes >= 0, partCount >= 0, partSize >= 1 and concurrency"
          + " >= 1, but had " + bytes + ", " + partCount + ", " + partSize + ", " + concurrency);
    }
  }

  @Override
  public String toString() {
    return filename + ": " + bytes + " bytes, " + mimeType + ", purpose " + purpose + ", " + partCount
        + " part(s) of up to " + partSize + " bytes, concurrency " + concurrency + ", md5 " + (md5 ? "on" : "off");
  }
}
