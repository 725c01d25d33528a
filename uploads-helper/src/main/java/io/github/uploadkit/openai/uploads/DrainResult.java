package io.github.uploadkit.openai.uploads;

import java.util.List;

/**
 * What {@link Uploader#close(java.time.Duration, Uploader.AfterDeadline)} did with the uploads
 * that were running when it was called: how many ended of themselves before the deadline, how
 * many it cancelled, and what resumes those it paused. Immutable.
 *
 * @param completed uploads that completed
 * @param failed uploads that failed of themselves (not by the close)
 * @param cancelled uploads that were cancelled, by the close or otherwise
 * @param paused what resumes each upload that was paused, to be written somewhere safe
 */
public record DrainResult(int completed, int failed, int cancelled, List<ResumableUpload> paused) {
  /** Copies {@code paused}. */
  public DrainResult {
    paused = List.copyOf(paused);
  }
}
