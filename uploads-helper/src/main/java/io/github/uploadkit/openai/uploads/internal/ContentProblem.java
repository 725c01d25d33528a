package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.ContentReport;

/** Carries the content report from the checks to the finisher, which turns it into a {@code ContentCheckException}. */
final class ContentProblem extends Exception {
  private final transient ContentReport report;

  ContentProblem(ContentReport report) {
    super(null, null, false, false);
    this.report = report;
  }

  ContentReport report() {
    return report;
  }
}
