package io.github.uploadkit.openai.uploads.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One run of the tool in this JVM, as {@link Main#run} makes it: its exit code, standard output and error. */
record ToolRun(int code, String out, String err) {
  /** Runs the tool with {@code env} as its environment and no terminal. */
  static ToolRun of(Map<String, String> env, String... args) {
    String testState = System.getenv("XDG_STATE_HOME"); // the build's own (see the pom), never the user's
    if (testState != null && !env.containsKey("XDG_STATE_HOME") && !env.containsKey("HOME")) {
      env = new java.util.HashMap<>(env);
      env.put("XDG_STATE_HOME", testState);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new ToolRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The lines of standard output. */
  List<String> outLines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\\R"));
  }
}
