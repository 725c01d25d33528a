package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A request after every check passed, with each setting resolved (request, then uploader, then
 * default): what the orchestrator runs. {@code journalPath} is null when no journal is kept;
 * {@code resumeFrom} is the journal of the Upload to continue, or null for a new Upload;
 * {@code inspector} checks the content, or is null when there is nothing to check or checks are off;
 * {@code deadline} is how long the whole upload may take, or null for no limit.
 */
record ValidatedUpload(
    PartSource source,
    Purpose purpose,
    String filename,
    String mimeType,
    PartPlan plan,
    int concurrency,
    boolean md5,
    Long expiresAfterSeconds,
    RetryPolicy retryPolicy,
    UploadListener listener,
    Path journalPath,
    UploadJournal resumeFrom,
    ContentInspector inspector,
    Duration deadline) {

  public long size() {
    return plan.size();
  }
}
