package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.api.FilesApi;
import io.github.uploadkit.openai.client.model.ListFilesResponse;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import java.util.Optional;
import retrofit2.Call;

/**
 * Finds the File a completion made when its answer was lost: among the newest Files of the
 * upload's purpose, the one with its filename and size, created no earlier than the Upload. The
 * Uploads API cannot be asked about an Upload, so this is the only way to learn the outcome.
 */
final class FileLookup {
  /** Files looked at: the File is made at completion, so it is among the newest. */
  static final long PAGE = 100;

  private final String purpose;
  private final String filename;
  private final long bytes;
  private final long createdAt;

  FileLookup(String purpose, String filename, long bytes, long createdAt) {
    this.purpose = purpose;
    this.filename = filename;
    this.bytes = bytes;
    this.createdAt = createdAt;
  }

  Call<ListFilesResponse> call(FilesApi files) {
    return files.listFiles(purpose, PAGE, "desc", null);
  }

  /** The matching File in a page, if any; the newest if several match. */
  Optional<OpenAIFile> find(ListFilesResponse page) {
    return page.data().stream()
        .filter(file -> filename.equals(file.filename()) && file.bytes() != null && file.bytes() == bytes
            && file.createdAt() != null && file.createdAt() >= createdAt)
        .findFirst();
  }
}
