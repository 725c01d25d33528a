package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool in a pseudo-terminal of 40, 80 and 120 columns, made by {@code pty-run.py}
 * (python3's pty support; the test is skipped, with the reason, where there is no python3 or no
 * pseudo-terminal): with standard error on the terminal and standard output in a file, every
 * status frame is checked; with standard output on the terminal and standard error in a file,
 * the file gets plain lines.
 */
class TerminalDisplayIT {
  static final String KEY = "sk-terminal-test-0123456789abcdef";
  /** A frame: a carriage return, the status, and the erasure of the rest of the line. */
  static final Pattern FRAME = Pattern.compile("\r([^\r\n\u001b]*)\u001b\\[K");

  @TempDir
  Path dir;
  FakeUploadsServer server;

  record Shown(int code, String terminal, String other) {
    /** Every status frame drawn in {@code from} (a part of what the terminal showed), in order. */
    List<String> frames(String from) {
      List<String> frames = new ArrayList<>();
      Matcher m = FRAME.matcher(from);
      while (m.find()) {
        if (!m.group(1).isEmpty()) {
          frames.add(m.group(1));
        }
      }
      return frames;
    }
  }

  @BeforeEach
  void start() {
    server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(3_000_000).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Shown run(int columns, String ttyStream, int resizeAfter, int resizeTo, String... args) throws Exception {
    Path script = script();
    Path other = dir.resolve("other.txt");
    Path capture = dir.resolve("terminal.txt");
    List<String> command = new ArrayList<>(List.of("python3", script.toString(), Integer.toString(columns), ttyStream,
        other.toString(), capture.toString(), Integer.toString(resizeAfter), Integer.toString(resizeTo), "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("cli.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("python.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.equals("COLUMNS"));
    builder.environment().putAll(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl(), "TERM", "xterm",
        "XDG_STATE_HOME", dir.resolve("state").toString()));
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String python = Files.readString(dir.resolve("python.txt"));
    Assumptions.assumeFalse(python.contains("out of pty devices") || python.contains("No such file or directory: '/dev/ptmx'"),
        "no pseudo-terminal here: " + python);
    assertThat(python).as("pty-run.py's own output").isEmpty();
    return new Shown(process.exitValue(), Files.readString(capture, StandardCharsets.UTF_8),
        Files.readString(other, StandardCharsets.UTF_8));
  }

  static Path script() throws Exception {
    try {
      Process version = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      Assumptions.assumeTrue(version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0,
          "python3 does not run here: the pseudo-terminal test needs it");
    } catch (IOException e) {
      Assumptions.abort("there is no python3 here: the pseudo-terminal test needs it (" + e.getMessage() + ")");
    }
    return Path.of(TerminalDisplayIT.class.getResource("pty-run.py").toURI());
  }

  static void checkFrames(List<String> frames, int columns, String mustShow) {
    assertThat(frames).as("status frames").hasSizeGreaterThan(2);
    for (String frame : frames) {
      assertThat(frame.length()).as("'%s' in %d columns", frame, columns).isLessThan(columns);
      assertThat(frame).as("a frame at %d columns", columns).doesNotContain("?").contains(mustShow)
          .doesNotStartWith(" ").doesNotEndWith(" ");
      assertThat(frame.replaceFirst("\\[=*>? *\\]$", "")).as("fields are separated by two spaces at most")
          .doesNotContain("   ");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80, 120})
  void oneFileWithStandardErrorOnTheTerminalAndTheIdInAFile(int columns) throws Exception {
    Path file = TestFiles.randomFile(dir, "a-file-with-a-rather-long-name.bin", 12L << 20, columns);
    Shown shown = run(columns, "stderr", 0, 0, "upload", file.toString(), "--purpose", "user_data", "--part-size",
        "5MiB", "--concurrency", "2");

    assertThat(shown.code()).as(shown.terminal()).isZero();
    assertThat(shown.other()).matches("file-[0-9a-f]{24}\n");
    List<String> frames = shown.frames(shown.terminal());
    checkFrames(frames, columns, "%");
    assertThat(frames.get(frames.size() - 1)).contains("100%");
    if (columns >= 80) {
      assertThat(frames).anyMatch(frame -> frame.contains("MiB/s") && frame.contains("left"));
      assertThat(frames.get(frames.size() - 1)).contains("[" + "=".repeat(10));
    }
    assertThat(shown.terminal()).endsWith("\r\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80, 120})
  void manyFilesWithStandardErrorOnTheTerminal(int columns) throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < 4; i++) {
      TestFiles.randomFile(files, "report-number-" + i + "-of-the-quarter.bin", 4L << 20, i);
    }
    Shown shown = run(columns, "stderr", 0, 0, "upload", files.toString(), "--purpose", "user_data", "--jobs", "2");

    assertThat(shown.code()).as(shown.terminal()).isZero();
    assertThat(shown.other().split("\n")).hasSize(4).allMatch(line -> line.matches(".+\tfile-[0-9a-f]{24}"));
    checkFrames(shown.frames(shown.terminal()), columns, " files");
    if (columns >= 80) {
      assertThat(shown.frames(shown.terminal())).anyMatch(frame -> frame.contains("sending report-"));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80, 120})
  void standardOutputOnTheTerminalAndStandardErrorInAFileGetsPlainLines(int columns) throws Exception {
    Path file = TestFiles.randomFile(dir, "data.bin", 8L << 20, 3);
    Shown shown = run(columns, "stdout", 0, 0, "upload", file.toString(), "--purpose", "user_data");

    assertThat(shown.code()).as(shown.other()).isZero();
    assertThat(shown.terminal()).matches("file-[0-9a-f]{24}\r\n");
    assertThat(shown.other()).doesNotContain("\r").doesNotContain("\u001b").endsWith("\n")
        .contains("data.bin: 100%, 8 MiB of 8 MiB");
  }

  @Test
  void aResizedTerminalGetsFramesOfItsNewWidth() throws Exception {
    Path file = TestFiles.randomFile(dir, "resized.bin", 16L << 20, 7);
    Shown shown = run(120, "stderr", 2, 40, "upload", file.toString(), "--purpose", "user_data", "--part-size",
        "5MiB", "--concurrency", "1");

    assertThat(shown.code()).as(shown.terminal()).isZero();
    int mark = shown.terminal().indexOf("#resized 40");
    assertThat(mark).as("the upload lasted past the resize: %s", shown.terminal()).isPositive();
    List<String> before = shown.frames(shown.terminal().substring(0, mark));
    List<String> after = shown.frames(shown.terminal().substring(mark));
    assertThat(before).anyMatch(frame -> frame.length() >= 40);
    checkFrames(after, 40, "%");
  }
}
