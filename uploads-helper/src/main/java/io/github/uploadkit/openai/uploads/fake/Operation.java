package io.github.uploadkit.openai.uploads.fake;

/** The operations the fake server answers: the four of Uploads, listing Files and downloading one. */
public enum Operation {
  CREATE,
  ADD_PART,
  COMPLETE,
  CANCEL,
  /** {@code GET /files}: the Files that completed Uploads made. */
  LIST_FILES,
  /** {@code GET /files/{file_id}/content}: the bytes of a File a completed Upload made, its parts in order. */
  DOWNLOAD_FILE
}
