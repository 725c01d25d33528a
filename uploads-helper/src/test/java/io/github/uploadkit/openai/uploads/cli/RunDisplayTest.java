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

  RunDisplay display(String columns) {
    CliContext context = new CliContext(Map.of("COLUMNS", columns), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), true);
    return new RunDisplay(context, false, 300, 40L << 30);
  }

  @Test
  void theStatusFitsEightyColumnsWithTheNumbersFirstAndTheNamesThatFit() {
    RunDisplay display = display("80");
    for (int i = 0; i < 12; i++) {
      display.listenerFor(Path.of("/data/reports/quarterly-report-of-a-long-name-" + i + ".pdf"));
    }
    display.fileEnded(Path.of("/data/reports/quarterly-report-of-a-long-name-0.pdf"), 1 << 20, true);

    String status = display.status(79);

    assertThat(status.length()).isLessThanOrEqualTo(79);
    assertThat(status).startsWith("1/300 files, 1 MiB of 40 GiB, ").contains(" left").matches(".* \\+\\d+$");
    assertThat(display.status(200)).contains("quarterly-").contains(", ");
  }

  @Test
  void aNameWithControlCharactersCannotMoveTheCursorOrBreakTheStatusLine() {
    RunDisplay display = display("200");
    display.listenerFor(Path.of("/data/evil\r\u001b[2Kname\n.txt"));

    assertThat(display.status(199)).contains("evil\\r\\u001b").contains("name\\n.txt").doesNotContain("\r").doesNotContain("\n")
        .doesNotContain("\u001b");
  }

  @Test
  void aResultLineClearsTheStatusLineAndTheStatusComesBackBelowIt() {
    RunDisplay display = display("100");
    display.listenerFor(Path.of("a.bin"));

    display.println(new PrintStream(out, true, StandardCharsets.UTF_8), "a.bin\tfile-abc");

    String drawn = err.toString(StandardCharsets.UTF_8);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a.bin\tfile-abc" + System.lineSeparator());
    assertThat(drawn).startsWith("\r0/300 files").contains("| a.bin");
    display.close();
    assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("\r");
  }
}
