package io.github.uploadkit.openai.uploads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  /** Sends the child SIGINT, as Ctrl-C does. */
  public static void interrupt(Process child) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new AssertionError("kill -INT " + child.pid() + " did not end in 10 s");
    }
  }
}
