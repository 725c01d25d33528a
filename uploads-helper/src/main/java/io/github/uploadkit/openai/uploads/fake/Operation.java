package io.github.uploadkit.openai.uploads.fake;

/** The operations the fake server answers: the four of Uploads, and listing Files. */
public enum Operation {
  CREATE,
  ADD_PART,
  COMPLETE,
  CANCEL,
  /** {@code GET /files}: the Files that completed Uploads made. */
  LIST_FILES
}
