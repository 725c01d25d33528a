package io.github.uploadkit.openai.uploads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A child JVM as the tests start one: the packaged tool ({@code -jar}, its path in the system
 * property {@code cli.jar}) or a main class of the tests, with this JVM's {@code java}, no
 * OpenAI variables but those given, and its output in files.
 */
public final class ChildJvm {
  private final List<String> command = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Path out;
  private Path err;

  private ChildJvm(List<String> jvmOptions) {
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
  }

  /** The packaged tool, run with {@code jvmOptions} (such as {@code -Xmx64m}). */
  public static ChildJvm tool(String... jvmOptions) {
    ChildJvm child = new ChildJvm(List.of(jvmOptions));
    child.command.addAll(List.of("-jar", System.getProperty("cli.jar")));
    return child;
  }

  /** {@code main} on the tests' class path, run with {@code jvmOptions}. */
  public static ChildJvm main(Class<?> main, String... jvmOptions) {
    ChildJvm child = new ChildJvm(List.of(jvmOptions));
    child.command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return child;
  }

  /** Sets a variable of the child's environment. */
  public ChildJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public ChildJvm env(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  /** Standard output to {@code out}, standard error to {@code err}, or to {@code out} too when null. */
  public ChildJvm output(Path out, Path err) {
    this.out = out;
    this.err = err;
    return this;
  }

  /** Starts the child with {@code args}. */
  public Process start(String... args) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(out.toFile());
    if (err == null) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(err.toFile());
    }
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Sends the child SIGINT, as Ctrl-C does. When the child ignores SIGINT, as every process does
   * that a non-interactive shell started in the background, the JVM installs no handler for it and
   * Ctrl-C cannot be tried: the test is then aborted (reported as skipped), not failed.
   */
  public static void interrupt(Process child) throws IOException, InterruptedException {
    if (ignoresSigint(child.pid())) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Assumptions.abort("process " + child.pid() + " ignores SIGINT, as a process started in the background by a"
          + " non-interactive shell does, so Ctrl-C cannot be tried here");
    }
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new AssertionError("kill -INT " + child.pid() + " did not end in 10 s");
    }
  }

  /** Whether the process ignores SIGINT, from its signal mask in {@code /proc} (false where there is none). */
  static boolean ignoresSigint(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (ignored & (1L << (2 - 1))) != 0; // SIGINT is signal 2
      }
    }
    return false;
  }
}
