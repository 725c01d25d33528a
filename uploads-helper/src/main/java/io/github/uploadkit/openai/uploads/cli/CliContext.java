package io.github.uploadkit.openai.uploads.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may use from its process: the environment, the two output streams, and the
 * terminal standard error writes to, if any.
 */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, Screen screen) {
  String apiKey() {
    String key = env.get("OPENAI_API_KEY");
    return key == null || key.isBlank() ? null : key.trim();
  }
}
