package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import io.github.uploadkit.openai.uploads.UploadListener;

/**
 * A request after every check passed, with each setting resolved (request, then uploader, then
 * default): what the orchestrator runs.
 */
public record ValidatedUpload(
    PartSource source,
    Purpose purpose,
    String filename,
    String mimeType,
    PartPlan plan,
    int concurrency,
    boolean md5,
    Long expiresAfterSeconds,
    RetryPolicy retryPolicy,
    UploadListener listener) {

  public long size() {
    return plan.size();
  }
}
