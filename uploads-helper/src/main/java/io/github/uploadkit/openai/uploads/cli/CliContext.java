package io.github.uploadkit.openai.uploads.cli;

import java.io.PrintStream;
import java.util.Map;

/** What a command may use from its process: the environment and the two output streams. */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
  String apiKey() {
    String key = env.get("OPENAI_API_KEY");
    return key == null || key.isBlank() ? null : key.trim();
  }
}
