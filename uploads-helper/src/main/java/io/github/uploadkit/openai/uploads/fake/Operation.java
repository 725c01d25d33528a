package io.github.uploadkit.openai.uploads.fake;

/** The operations the fake server answers: the four of Uploads, and four of the Files they make. */
public enum Operation {
  CREATE,
  ADD_PART,
  COMPLETE,
  CANCEL,
  /** {@code GET /files}: the Files that completed Uploads made. */
  LIST_FILES,
  /** {@code GET /files/{file_id}}: one File's description. */
  RETRIEVE_FILE,
  /** {@code DELETE /files/{file_id}}. */
  DELETE_FILE,
  /** {@code GET /files/{file_id}/content}: the File's bytes. */
  FILE_CONTENT
}
