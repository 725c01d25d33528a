package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of a many-file run against a hostile state folder and hostile names. */
class RunRecordTest {
  static final String KEY = "sk-run-record-test-0123456789abcdef";

  @TempDir
  Path dir;
  FakeToolServer tool;
  FakeUploadsServer server;
  Path docs;

  @BeforeEach
  void start() throws IOException {
    tool = new FakeToolServer(dir, KEY);
    server = tool.server;
    docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Files.writeString(Files.createDirectories(docs.resolve("two\nlines")).resolve("b.txt"), "beta\n");
    Files.writeString(Files.createDirectories(docs.resolve("tab\tfile-FORGED")).resolve("c.txt"), "gamma\n");
  }

  @AfterEach
  void stop() {
    tool.close();
  }

  ToolRun upload(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("upload", docs.toString(), "-r", "--purpose", "assistants",
        "--quiet"));
    args.addAll(List.of(extra));
    return tool.run(args.toArray(String[]::new));
  }

  /** The record the first run made (there is one per set of arguments). */
  Path record() throws IOException {
    try (Stream<Path> files = Files.list(tool.runs())) {
      return files.filter(file -> file.toString().endsWith(".tsv")).findFirst().orElseThrow();
    }
  }

  @Test
  void aNewlineOrTabInADirectoryNameDoesNotBreakTheRecordSoResumeUploadsEachFileOnce() throws IOException {
    ToolRun first = upload();
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(Files.readAllLines(record())).hasSize(4); // a header and a line per file

    ToolRun again = upload("--resume");

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(3);
    assertThat(again.outLines()).hasSize(3).containsExactlyInAnyOrderElementsOf(first.outLines());
  }

  @Test
  void aLinkPlantedAtTheRecordIsNeverFollowed() throws IOException {
    assertThat(upload().code()).isZero();
    Path record = record();
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious\n");
    Files.delete(record);
    Files.createSymbolicLink(record, victim);

    for (String[] extra : List.of(new String[0], new String[] {"--resume"})) {
      ToolRun run = upload(extra);

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("the run's record " + record + " is not a regular file (a link, a folder or a pipe)");
      assertThat(Files.readString(victim)).isEqualTo("precious\n");
      assertThat(Files.isSymbolicLink(record)).isTrue();
    }
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(3);
  }

  @Test
  void aRecordTooLargeAFifoOrAFolderIsRefusedWithAClearMessageWithoutHanging() throws Exception {
    assertThat(upload().code()).isZero();
    Path record = record();
    try (RandomAccessFile huge = new RandomAccessFile(record.toFile(), "rw")) {
      huge.setLength(200L * 1024 * 1024); // sparse: 200 MB on paper
    }

    ToolRun tooLarge = upload("--resume");

    assertThat(tooLarge.code()).isEqualTo(2);
    assertThat(tooLarge.err()).contains("the run's record " + record + " has 209715200 bytes, more than a record of"
        + " this tool ever has (67108864): remove it, or run without --resume; nothing was sent");

    Files.delete(record);
    Process mkfifo = new ProcessBuilder("mkfifo", record.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    ToolRun fifo = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> upload("--resume"));
    assertThat(fifo.code()).isEqualTo(2);
    assertThat(fifo.err()).contains("is not a regular file");

    Files.delete(record);
    Files.createDirectory(record);
    ToolRun folder = upload("--resume");
    assertThat(folder.code()).isEqualTo(2);
    assertThat(folder.err()).contains("is not a regular file");
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(3);
  }

  @Test
  void linesNotOfTheFormatAndOverlongLinesAreIgnored() throws IOException {
    assertThat(upload().code()).isZero();
    Path record = record();
    List<String> lines = Files.readAllLines(record);
    Files.writeString(record, "x".repeat(RunManifest.MAX_LINE * 2) + "\nnot\tof\tthis format\n"
        + String.join("\n", lines.subList(0, 2)) + "\n" + lines.get(2).substring(0, 10));

    ToolRun again = upload("--resume");

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(server.requestCount(Operation.CREATE)).as("one line kept, one cut short").isEqualTo(5);
  }

  @Test
  void aSecondRunWithTheSameArgumentsIsRefusedWhileTheFirstHoldsTheRecord() throws IOException {
    assertThat(upload().code()).isZero();
    try (java.io.Closeable held = io.github.uploadkit.openai.uploads.internal.UploadJournal.tryLock(record())) {
      assertThat(held).isNotNull();
      ToolRun refused = upload("--resume");

      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).contains("another run with the same arguments is using its record " + record());
    }
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(3);
  }
}
