package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.PartRange;
import java.util.List;

/**
 * How a source is cut into parts: every part but the last is {@code partSize} bytes long.
 *
 * @param size the source's size
 * @param partSize the length of every part but the last
 * @param parts the parts in file order, contiguous from offset 0
 */
record PartPlan(long size, long partSize, List<PartRange> parts) {
  public PartPlan {
    parts = List.copyOf(parts);
  }

  public int partCount() {
    return parts.size();
  }
}
