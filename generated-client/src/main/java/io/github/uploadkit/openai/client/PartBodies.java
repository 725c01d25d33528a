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
 * Makes the multipart {@code data} field that {@code UploadsApi.addUploadPart} takes, from a
 * region of a file or from bytes in memory, without copying the file into memory. Each body can
 * be written more than once, so a retried call sends the same bytes again.
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

  /** The part for any request body, named {@code data} with the given filename. */
  public static MultipartBody.Part part(String filename, RequestBody body) {
    return MultipartBody.Part.createFormData(FIELD_NAME, Objects.requireNonNull(filename, "filename"), body);
  }
}
