package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import java.util.ArrayList;
import java.util.List;

/** Collects problems: keeps the first {@link ContentReport#MAX_LISTED}, counts them all. */
final class Problems {
  private final List<ContentReport.Problem> first = new ArrayList<>();
  private volatile long count; // read by the threads that send parts, written by the one reading

  void add(long line, long offset, String message) {
    count++;
    if (first.size() < ContentReport.MAX_LISTED) {
      first.add(new ContentReport.Problem(line, offset, message));
    }
  }

  boolean any() {
    return count > 0;
  }

  List<ContentReport.Problem> listed() {
    return first;
  }

  long count() {
    return count;
  }

  ContentReport report(long lines) {
    return new ContentReport(first, count, lines);
  }
}
