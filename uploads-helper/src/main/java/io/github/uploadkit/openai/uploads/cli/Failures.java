package io.github.uploadkit.openai.uploads.cli;

/** Reports a failure as one line on standard error, with the stack trace only when verbose. */
final class Failures {
  private Failures() {
  }

  static int report(CliContext context, boolean verbose, Throwable error, int exitCode) {
    context.err().println("openai-uploads: " + error.getMessage());
    if (verbose) {
      error.printStackTrace(context.err());
    }
    return exitCode;
  }
}
