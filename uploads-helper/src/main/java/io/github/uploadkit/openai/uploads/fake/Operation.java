package io.github.uploadkit.openai.uploads.fake;

/** The four Uploads operations the fake server answers. */
public enum Operation {
  CREATE,
  ADD_PART,
  COMPLETE,
  CANCEL
}
