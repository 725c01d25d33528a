package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The many-file status line: fitted to the terminal, names shortened, result lines printed clear of it. */
class RunDisplayTest {
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  RunDisplay display(int columns) {
    CliContext context = new CliContext(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Screen.fixed(true, columns));
    return new RunDisplay(context, false, 300, 40L << 30);
  }

  @Test
  void theStatusFitsEachWidthWithTheNumbersFirstAndTheNamesThatFit() {
    RunDisplay display = display(80);
    for (int i = 0; i < 12; i++) {
      display.listenerFor(Path.of("/data/reports/quarterly-report-of-a-long-name-" + i + ".pdf"));
    }
    display.fileEnded(Path.of("/data/reports/quarterly-report-of-a-long-name-0.pdf"), 1 << 20, true);

    for (int width : new int[] {39, 79, 119}) {
      String status = display.status(width);
      assertThat(status.length()).isLessThanOrEqualTo(width);
      assertThat(status).startsWith("1/300 files, 1 MiB of 40 GiB").doesNotContain("?");
    }
    assertThat(display.status(79)).matches(".*, sending quarterly-.* \\+\\d+$");
    display.fileEnded(Path.of("/data/reports/quarterly-report-of-a-long-name-1.pdf"), 1 << 20, true);
    assertThat(display.status(50)).as("the first name shortened to the room left")
        .isEqualTo("2/300 files, 2 MiB of 40 GiB, sending quar~.pdf +9");
    assertThat(display.status(45)).as("too little room for 8 characters of a name")
        .isEqualTo("2/300 files, 2 MiB of 40 GiB");
    assertThat(display.status(39)).doesNotContain("sending");
    assertThat(display.status(1000)).contains("quarterly-").contains(", ");
  }

  @Test
  void aNameWithControlCharactersCannotMoveTheCursorOrBreakTheStatusLine() {
    RunDisplay display = display(200);
    display.listenerFor(Path.of("/data/evil\r\u001b[2Kname\n.txt"));

    assertThat(display.status(199)).contains("evil\\r\\u001b").contains("name\\n.txt").doesNotContain("\r").doesNotContain("\n")
        .doesNotContain("\u001b");
  }

  @Test
  void aResultLineClearsTheStatusLineAndTheStatusComesBackBelowIt() {
    RunDisplay display = display(100);
    display.listenerFor(Path.of("a.bin"));

    display.println(new PrintStream(out, true, StandardCharsets.UTF_8), "a.bin\tfile-abc");

    String drawn = err.toString(StandardCharsets.UTF_8);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a.bin\tfile-abc" + System.lineSeparator());
    assertThat(drawn).startsWith("\r0/300 files").contains("sending a.bin");
    display.close();
    assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[K");
  }
}
