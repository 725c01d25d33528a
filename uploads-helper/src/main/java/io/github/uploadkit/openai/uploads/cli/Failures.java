package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.uploads.UploadException;

/**
 * Reports a failure as one line on standard error (the content checks' problems a line each
 * after it), in the tool's words and escaped (see {@link PrintedText}), with the stack trace
 * only when verbose.
 */
final class Failures {
  private Failures() {
  }

  static int report(CliContext context, boolean verbose, Throwable error, int exitCode) {
    if (error instanceof io.github.uploadkit.openai.uploads.ContentCheckException refused) {
      // the summary, then a line a problem: the line breaks are the tool's, each line's text is escaped
      context.err().println("openai-uploads: " + PrintedText.plain(words(error).lines().findFirst().orElse("")));
      refused.report().problems().forEach(problem -> context.err().println("  " + PrintedText.plain(problem.toString())));
    } else {
      context.err().println("openai-uploads: " + PrintedText.plain(words(error)));
    }
    if (verbose) {
      error.printStackTrace(context.err());
    }
    return exitCode;
  }

  /**
   * What went wrong, said as the tool says it: an upload's failure names its Upload (or says none
   * was made) and not the Java API that stopped it; a refused key points at OPENAI_API_KEY.
   */
  static String words(Throwable error) {
    String text = String.valueOf(error.getMessage());
    if (error instanceof UploadException e) {
      String id = e.uploadId().orElse(null);
      if (e.reason() == UploadException.Reason.CANCELLED || e.reason() == UploadException.Reason.INTERRUPTED) {
        return "stopped (" + (id == null ? "before its Upload was created: nothing is left on the server"
            : e.cancelledOnServer() ? "its Upload " + id + " was cancelled on the server"
            : "its Upload " + id + " could not be cancelled on the server and expires on its own") + ")";
      }
      text = text.replaceFirst("^Upload \\(not created\\) ", "the upload ").replaceFirst("^Upload (\\S+) ", "the Upload $1 ");
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof OpenAiApiException api && api.statusCode() == 401) {
        return text + " (check OPENAI_API_KEY: the API did not accept the key)";
      }
    }
    return text;
  }

  /**
   * What to do about the content checks' findings: fix the lines listed when they are lines of
   * JSONL, else say the file's real type (or skip the checks).
   */
  static String contentHint(io.github.uploadkit.openai.uploads.ContentReport report) {
    return report.lines() > 0 ? "fix the lines listed, or upload the file without the checks with --no-check"
        : "if the file is what you mean to send, give its type with --mime-type, or upload it without the checks"
            + " with --no-check";
  }
}
