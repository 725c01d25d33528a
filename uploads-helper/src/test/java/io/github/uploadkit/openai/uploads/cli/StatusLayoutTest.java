package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.UploadProgress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-file status at 40, 80 and 120 columns: never longer than the width less one, fields
 * dropped whole by rank (never cut), nothing unknown shown as a placeholder.
 */
class StatusLayoutTest {
  static final long MIB = 1 << 20;

  static UploadProgress progress(long sent, int parts, int retries, Duration elapsed) {
    return new UploadProgress(300 * MIB, sent, 19, parts, retries, 0, Duration.ZERO, elapsed);
  }

  static final List<UploadProgress> STATES = List.of(
      progress(0, 0, 0, Duration.ZERO),
      progress(MIB / 2, 0, 0, Duration.ofMillis(400)),
      progress(126 * MIB + 12345, 8, 0, Duration.ofSeconds(10)),
      progress(200 * MIB, 12, 3, Duration.ofMinutes(20)),
      progress(300 * MIB, 19, 1, Duration.ofSeconds(25)));

  String line(String name, UploadProgress p, int columns) {
    return StatusLine.fit(ProgressDisplay.fields(name, p, true), "  ", columns - 1);
  }

  @Test
  void everyFrameFitsAndKeepsTheMostImportantFieldsWhole() {
    for (String name : List.of("a.jsonl", "a-training-file-with-a-long-name.jsonl")) {
      for (UploadProgress p : STATES) {
        List<String> all = ProgressDisplay.fields(name, p, false).stream().map(f -> f.text().apply(0)).toList();
        for (int columns : new int[] {40, 80, 120}) {
          String line = line(name, p, columns);
          assertThat(line.length()).as(line).isLessThan(columns);
          assertThat(line).as(line).doesNotContain("?").startsWith(line.trim());
          String withoutBar = line.replaceFirst("  \\[=*>? *\\]$", "");
          assertThat(withoutBar).doesNotContain("[");
          for (String shown : withoutBar.split("  ")) {
            assertThat(all).as("'%s' in '%s'", shown, line).contains(shown);
          }
          assertThat(line).contains((int) Math.floor(p.fraction() * 100) + "%", ProgressDisplay.bytes(p.bytesSent()) + " of ");
        }
      }
    }
  }

  @Test
  void widerTerminalsShowMoreAndTheFirstSecondShowsNoRateOrTimeLeft() {
    UploadProgress midway = STATES.get(2);
    String narrow = line("train.jsonl", midway, 40);
    String middle = line("train.jsonl", midway, 80);
    String wide = line("train.jsonl", midway, 120);
    assertThat(narrow).isEqualTo("42%  126.0 MiB of 300 MiB  14s left");
    assertThat(middle).startsWith("train.jsonl  42%  126.0 MiB of 300 MiB  12.6 MiB/s  14s left  [");
    assertThat(wide).contains("parts 8/19").contains("[====");
    assertThat(line("train.jsonl", STATES.get(1), 120)).doesNotContain("/s").doesNotContain("left");
    assertThat(line("train.jsonl", STATES.get(3), 40)).contains("retries 3");
    assertThat(line("train.jsonl", STATES.get(4), 120)).doesNotContain("left").contains("[" + "=".repeat(10));
  }

  @Test
  void aResumedUploadsRateAndTimeLeftCountOnlyWhatThisRunSent() {
    UploadProgress resumed = progress(200 * MIB, 12, 0, Duration.ofSeconds(10));
    assertThat(ProgressDisplay.describe("train.jsonl", resumed, 190 * MIB))
        .isEqualTo("train.jsonl: 66%, 200 MiB of 300 MiB, 1 MiB/s, 1m40s left, parts 12/19");
  }

  @Test
  void plainLinesHaveEveryKnownField() {
    assertThat(ProgressDisplay.describe("train.jsonl", STATES.get(3), 0))
        .isEqualTo("train.jsonl: 66%, 200 MiB of 300 MiB, 170.7 KiB/s, 10m00s left, parts 12/19, retries 3");
  }
}
