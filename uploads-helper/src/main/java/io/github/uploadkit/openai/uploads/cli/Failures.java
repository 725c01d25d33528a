package io.github.uploadkit.openai.uploads.cli;

/** Reports a failure as one line on standard error (escaped: see {@link PrintedText}), with the stack trace only when verbose. */
final class Failures {
  private Failures() {
  }

  static int report(CliContext context, boolean verbose, Throwable error, int exitCode) {
    context.err().println("openai-uploads: " + PrintedText.plain(String.valueOf(error.getMessage())));
    if (verbose) {
      error.printStackTrace(context.err());
    }
    return exitCode;
  }
}
