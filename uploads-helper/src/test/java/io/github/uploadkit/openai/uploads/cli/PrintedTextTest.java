package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule for text on its way to a person or a pipe, on names made to deceive. */
class PrintedTextTest {
  @TempDir
  Path dir;

  @Test
  void charactersThatBreakHideOrTurnALineAreEscapedAndPlainTextIsNot() {
    assertThat(PrintedText.plain("caf\u00e9 \u4e2d\u6587 \ud83d\ude00 ok")).isEqualTo("caf\u00e9 \u4e2d\u6587 \ud83d\ude00 ok");
    assertThat(PrintedText.plain("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
    assertThat(PrintedText.plain("\u001b[2J\u0007\u007f\u0085")).isEqualTo("\\u001b[2J\\u0007\\u007f\\u0085");
    assertThat(PrintedText.plain("evil\u202etxt.exe\u2028next\u2029\u2066")).isEqualTo(
        "evil\\u202etxt.exe\\u2028next\\u2029\\u2066");
  }

  @Test
  void aPathIsShownFromItsBytesEscapedInPlainTextAndExactInJson() throws IOException {
    Path name = Path.of(URI.create(dir.toUri() + "a%FF%0Ab%C3%A9.txt"));
    Files.writeString(name, "x");
    Path listed;
    try (var files = Files.list(dir)) {
      listed = files.findFirst().orElseThrow();
    }

    assertThat(PrintedText.plain(listed)).isEqualTo(dir + "/a\\xff\\nb\u00e9.txt");
    assertThat(PrintedText.json(listed)).isEqualTo("\"" + dir + "/a\\udcff\\u000ab\\u00e9.txt\"");
    assertThat(NativePaths.of(NativePaths.bytes(listed))).isEqualTo(listed);
    assertThat(NativePaths.bytes(Path.of("rel", "x.txt"))).isEqualTo("rel/x.txt".getBytes());
  }
}
