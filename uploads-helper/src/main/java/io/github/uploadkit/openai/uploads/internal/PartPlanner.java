package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadLimits;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Cuts a size into parts. A pure function: the same inputs always give the same plan.
 *
 * <p>The automatic part size is the largest that still gives each of {@code concurrency} workers
 * a part ({@code ceil(size / concurrency)}), never above the part limit, never below the smallest
 * automatic size (so a small file is one part rather than many tiny ones), and large enough that
 * the part count stays within the limit.
 */
final class PartPlanner {
  private PartPlanner() {
  }

  /**
   * Plans the parts.
   *
   * @throws UploadValidationException if the requested part size is not 1 to the part limit, or
   *     needs more parts than the limit allows
   * @throws IllegalArgumentException if size or concurrency is below 1
   */
  public static PartPlan plan(long size, UploadLimits limits, OptionalLong requestedPartSize, int concurrency) {
    if (size < 1 || concurrency < 1) {
      throw new IllegalArgumentException("size and concurrency must be at least 1, but were " + size + " and " + concurrency);
    }
    long partSize = requestedPartSize.isPresent()
        ? checkRequested(size, limits, requestedPartSize.getAsLong())
        : automatic(size, limits, concurrency);
    long count = ceilDiv(size, partSize);
    List<PartRange> parts = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      long offset = i * partSize;
      parts.add(new PartRange(i + 1, offset, Math.min(partSize, size - offset)));
    }
    return new PartPlan(size, partSize, parts);
  }

  static long automatic(long size, UploadLimits limits, int concurrency) {
    long perWorker = ceilDiv(size, concurrency);
    long partSize = Math.min(limits.maxPartBytes(), Math.max(limits.minAutoPartBytes(), perWorker));
    long forCountLimit = ceilDiv(size, limits.maxParts());
    if (forCountLimit > limits.maxPartBytes()) {
      throw new UploadValidationException("size", size, "a size of " + size + " bytes needs more than "
          + limits.maxParts() + " parts of at most " + limits.maxPartBytes() + " bytes");
    }
    return Math.min(size, Math.max(partSize, forCountLimit));
  }

  private static long checkRequested(long size, UploadLimits limits, long partSize) {
    if (partSize < 1 || partSize > limits.maxPartBytes()) {
      throw new UploadValidationException("partSize", partSize, "part size " + partSize
          + " bytes is not allowed: it must be 1 to " + limits.maxPartBytes() + " bytes ("
          + Sizes.describe(limits.maxPartBytes()) + ")");
    }
    long count = ceilDiv(size, partSize);
    if (count > limits.maxParts()) {
      throw new UploadValidationException("partSize", partSize, "part size " + partSize + " bytes"
          + " would cut " + size + " bytes into " + count + " parts, more than the " + limits.maxParts()
          + " allowed: use at least " + ceilDiv(size, limits.maxParts()) + " bytes per part, or leave it automatic");
    }
    return partSize;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
