package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A completed upload: the Upload as the server returned it, with its File.
 *
 * @param upload the completed Upload
 * @param file the File it created, never null
 * @param md5 the lowercase hex md5 sent at completion, or null when md5 was turned off
 * @param partIds the part ids in file order
 * @param retries the retries it took
 * @param elapsed the time from start to completion
 */
public record UploadResult(
    Upload upload, OpenAIFile file, @Nullable String md5, List<String> partIds, int retries, Duration elapsed) {
  /** Copies the part ids. */
  public UploadResult {
    partIds = List.copyOf(partIds);
  }

  /** The File's id, for example {@code file-abc123}. */
  public String fileId() {
    return file.id();
  }
}
