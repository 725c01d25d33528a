package io.github.uploadkit.openai.client;

import io.github.uploadkit.openai.client.internal.Internals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Makes the multipart file fields that generated methods take: the {@code data} field of
 * {@code UploadsApi.addUploadPart} from a region of a file or from bytes in memory, and any other
 * file field under the name its method's Javadoc gives ({@link #file(String, Path)}), without
 * copying the file into memory. Each body can be written more than once, so a retried call sends
 * the same bytes again.
 */
public final class PartBodies {
  /** The multipart field name the API expects for a part's bytes. */
  public static final String FIELD_NAME = "data";

  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private PartBodies() {
  }

  /**
   * The part made of {@code length} bytes of {@code file} starting at {@code offset}; the file is
   * read when the request is sent, each time it is sent.
   *
   * @throws IllegalArgumentException if offset or length is negative
   */
  public static MultipartBody.Part fromFile(Path file, long offset, long length, String filename) {
    return part(filename, fileRegion(file, offset, length));
  }

  /** The part made of the whole array; the array is not copied, so do not change it. */
  public static MultipartBody.Part fromBytes(byte[] bytes, String filename) {
    return part(filename, RequestBody.create(bytes, OCTET_STREAM));
  }

  /** The part made of the buffer's remaining bytes; see {@link #buffer(ByteBuffer)}. */
  public static MultipartBody.Part fromBuffer(ByteBuffer buffer, String filename) {
    return part(filename, buffer(buffer));
  }

  /**
   * A body that streams {@code length} bytes of {@code file} from {@code offset} each time it is
   * written, failing with an {@code IOException} if the file has become shorter.
   *
   * @throws IllegalArgumentException if offset or length is negative
   */
  public static RequestBody fileRegion(Path file, long offset, long length) {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be 0 or more, but were " + offset + " and " + length);
    }
    return Internals.fileRegion(file, offset, length, OCTET_STREAM);
  }

  /**
   * A body of the buffer's remaining bytes; the buffer's position is not changed and its contents
   * are not copied, so do not change them until the call ends.
   */
  public static RequestBody buffer(ByteBuffer buffer) {
    ByteBuffer view = buffer.asReadOnlyBuffer();
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return OCTET_STREAM;
      }

      @Override
      public long contentLength() {
        return view.remaining();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(view.duplicate());
      }
    };
  }

  /** A body of {@code length} bytes of an array from {@code offset}, not copied. */
  public static RequestBody bytes(byte[] bytes, int offset, int length) {
    return RequestBody.create(bytes, OCTET_STREAM, offset, length);
  }

  /**
   * The file field {@code field} (the name the generated method's Javadoc gives, such as
   * {@code file}) holding the whole of {@code file}, under its file name, as
   * {@code application/octet-stream}; the file is read when the request is sent.
   *
   * @throws IOException if the file's size cannot be read
   */
  public static MultipartBody.Part file(String field, Path file) throws IOException {
    Path name = Objects.requireNonNull(file, "file").getFileName();
    if (name == null) {
      throw new IllegalArgumentException(file + " has no file name; give a path to a file");
    }
    return file(field, name.toString(), fileRegion(file, 0, java.nio.file.Files.size(file)));
  }

  /**
   * The file field {@code field} with the given filename, whose type is the body's content type.
   *
   * @throws IllegalArgumentException if the field or the filename is blank
   */
  public static MultipartBody.Part file(String field, String filename, RequestBody body) {
    if (field == null || field.isBlank() || filename == null || filename.isBlank()) {
      throw new IllegalArgumentException("a file field needs a field name and a filename, but they were '"
          + field + "' and '" + filename + "'");
    }
    return MultipartBody.Part.createFormData(field, filename, Objects.requireNonNull(body, "body"));
  }

  /** The part for any request body, named {@code data} with the given filename. */
  public static MultipartBody.Part part(String filename, RequestBody body) {
    return MultipartBody.Part.createFormData(FIELD_NAME, Objects.requireNonNull(filename, "filename"), body);
  }
}
