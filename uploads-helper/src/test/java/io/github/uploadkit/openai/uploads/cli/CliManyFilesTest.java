package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upload PATH...} and {@code check PATH...} with several files, in-process against the fake. */
class CliManyFilesTest {
  static final String KEY = "sk-many-files-test-0123456789abcdef";
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Path docs;

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().apiKey(KEY).start();
    docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n".repeat(200_000));
    Files.writeString(docs.resolve("b.md"), "# beta\n".repeat(300_000));
    Files.writeString(docs.resolve("c.json"), "{\"gamma\": true}\n");
    Files.writeString(docs.resolve(".hidden.txt"), "not uploaded\n");
    Files.createDirectories(docs.resolve("sub"));
    Files.writeString(docs.resolve("sub").resolve("d.txt"), "delta\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A folder "bins" of {@code count} random files f0.bin, f1.bin... of {@code size} bytes each. */
  Path bins(int count, long size) throws IOException {
    Path bins = Files.createDirectories(dir.resolve("bins"));
    for (int i = 0; i < count; i++) {
      TestFiles.randomFile(bins, "f" + i + ".bin", size, i);
    }
    return bins;
  }

  ToolRun run(String... args) {
    ToolRun run = ToolRun.of(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl(),
        "XDG_STATE_HOME", dir.resolve("state").toString()), args);
    assertThat(run.out() + run.err()).doesNotContain(KEY);
    return run;
  }

  @Test
  void aDirectoryWithOneInvalidFileIsRefusedWholeBeforeAnyRequest() throws IOException {
    Files.write(docs.resolve("tool.exe"), new byte[] {0x4d, 0x5a, 0, 1});
    Files.writeString(dir.resolve("e.txt"), "epsilon\n");

    ToolRun run = run("upload", docs.toString(), dir.resolve("e.txt").toString(), dir.resolve("missing.txt").toString(),
        "--purpose", "assistants");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(docs.resolve("tool.exe") + ": ", dir.resolve("missing.txt") + ": no such file")
        .contains("nothing was sent: 2 of the paths given were refused (fix them, or add --skip-invalid");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void skipInvalidUploadsTheRestOneLinePerFileHiddenAndSubdirectoriesLeftOut() throws IOException {
    Files.write(docs.resolve("tool.exe"), new byte[] {0x4d, 0x5a, 0, 1});

    ToolRun run = run("upload", docs.toString(), "--purpose", "assistants", "--skip-invalid", "--part-size", "1MiB");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.outLines()).hasSize(3).allMatch(line -> line.matches(".+\tfile-[0-9a-f]{24}"));
    assertThat(run.outLines()).extracting(line -> Path.of(line.split("\t")[0]).getFileName().toString())
        .containsExactlyInAnyOrder("a.txt", "b.md", "c.json");
    assertThat(server.uploads()).hasSize(3).allMatch(upload -> upload.status().equals("completed"));
    for (String line : run.outLines()) {
      String[] fields = line.split("\t");
      FakeUpload stored = server.uploads().stream().filter(u -> fields[1].equals(u.fileId())).findFirst().orElseThrow();
      assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(Path.of(fields[0])));
    }
    assertThat(run.err()).contains("3 uploaded, 0 failed, 1 refused");

    ToolRun twice = run("upload", docs.toString(), docs.resolve("a.txt").toAbsolutePath().toString(),
        docs.resolve("./c.json").toString(), "--purpose", "assistants", "--skip-invalid", "-q");
    assertThat(twice.outLines()).as("each file once, however it is named: %s", twice.err()).hasSize(3);

    ToolRun recursive = run("upload", docs.toString(), "--purpose", "assistants",
        "--skip-invalid", "-r", "-q");
    assertThat(recursive.outLines()).hasSize(4).anyMatch(line -> line.contains("d.txt"));
  }

  @Test
  void completedUploadsLeaveNeitherJournalsNorLocksPerFileInTheStateFolder() throws IOException {
    Path batch = bins(6, 2L * MIB + 1);

    ToolRun run = run("upload", batch.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "3", "-q");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.outLines()).hasSize(6);
    Path journals = dir.resolve("state").resolve("openai-uploads");
    try (var left = Files.walk(journals)) {
      // the run's own record (runs/) is kept for --resume; journals are locked in their folder's one lock file
      assertThat(left.filter(Files::isRegularFile).filter(path -> !path.startsWith(journals.resolve("runs"))))
          .as("journals and journal locks left in %s", journals).containsExactly(journals.resolve(".openai-uploads.lock"));
    }
    assertThat(journals.resolve(".openai-uploads.lock")).isEmptyFile();
    try (var runs = Files.list(journals.resolve("runs"))) { // the run's record, and its lock in the folder's one file
      assertThat(runs.map(path -> path.getFileName().toString())).hasSize(2).contains(".openai-uploads.lock")
          .filteredOn(name -> !name.startsWith(".")).singleElement().asString().endsWith(".tsv");
    }
    try (var beside = Files.list(batch)) {
      assertThat(beside.map(path -> path.getFileName().toString())).allMatch(name -> name.matches("f\\d\\.bin"));
    }
  }

  @Test
  void aFileThatFailsMidwayLeavesTheOthersToCompleteAndDecidesTheExitCode() throws IOException {
    Path batch = bins(4, 3L * MIB);
    server.addFault(Fault.on(Operation.ADD_PART).nth(5).respond(400));

    ToolRun run = run("upload", batch.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.err()).contains("3 uploaded, 1 failed, 0 refused", "HTTP 400");
    assertThat(server.uploads()).extracting(FakeUpload::status)
        .containsExactlyInAnyOrder("completed", "completed", "completed", "cancelled");
  }

  @Test
  void jsonGivesOneObjectPerLineForEveryFile() throws IOException {
    Files.write(docs.resolve("tool: v2.exe"), new byte[] {0x4d, 0x5a, 0, 1}); // ": " in a path stays in the path

    ToolRun run = run("upload", docs.toString(), "--purpose", "assistants", "--skip-invalid", "--json", "-q");

    assertThat(run.outLines()).hasSize(4);
    var adapter = new Moshi.Builder().build().adapter(Map.class);
    List<Map<?, ?>> objects = run.outLines().stream().<Map<?, ?>>map(line -> {
      try {
        return adapter.fromJson(line);
      } catch (IOException e) {
        throw new AssertionError(line, e);
      }
    }).toList();
    assertThat(objects).filteredOn(o -> "completed".equals(o.get("status"))).hasSize(3)
        .allSatisfy(o -> assertThat((String) o.get("file_id")).startsWith("file-"));
    assertThat(objects).filteredOn(o -> "invalid".equals(o.get("status"))).singleElement()
        .satisfies(o -> {
          assertThat((String) o.get("path")).endsWith("tool: v2.exe");
          assertThat((String) o.get("error")).startsWith("the MIME type of 'tool: v2.exe' cannot be inferred");
        });
  }

  @Test
  void failFastCancelsTheOthersAndKeepsTheFirstFailuresCode() throws IOException {
    Path batch = bins(6, 4L * MIB);
    server.addFault(Fault.on(Operation.ADD_PART).nth(2).respond(400));
    // Every other part is slow, so the upload running beside the failed one is still under way when
    // the failure stops the run (without this it may finish first on a fast machine).
    server.addFault(Fault.on(Operation.ADD_PART).always().delay(java.time.Duration.ofSeconds(2)));

    ToolRun run = run("upload", batch.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "2",
        "--fail-fast");

    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(server.uploads()).noneMatch(upload -> upload.status().equals("pending"));
    assertThat(server.uploads().size()).isLessThan(6);
    for (int i = 0; i < 6; i++) {
      Path file = batch.resolve("f" + i + ".bin");
      assertThat(run.outLines().stream().anyMatch(line -> line.startsWith(file + "\t"))
          || run.err().contains("openai-uploads: " + file + ": ")).as("%s is named: %s", file, run.err()).isTrue();
    }
    assertThat(run.err()).contains(": not started: the run stopped before it").containsPattern(", [1-9] not started;")
        .contains(": stopped (its Upload upload_").doesNotContain("cancel()");
  }

  @Test
  void contentProblemsAreRefusedWithTheOtherRefusalsBeforeAnyRequest() throws IOException {
    Files.write(docs.resolve("report.pdf"), new byte[] {0x4d, 0x5a, (byte) 0x90, 0, 3, 0, 0, 0, 4, 0});
    Files.write(docs.resolve("latin.txt"), "caf\u00e9 cr\u00e8me\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    ToolRun run = run("upload", docs.toString(), "--purpose", "assistants");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(docs.resolve("report.pdf") + ": the content checks found 1 problem",
        docs.resolve("latin.txt") + ": the content checks found 1 problem", "without the checks with --no-check",
        "nothing was sent: 2 of the paths given were refused");
    assertThat(server.calls()).isEmpty();

    ToolRun rest = run("upload", docs.toString(), "--purpose", "assistants", "--skip-invalid", "-q");
    assertThat(rest.code()).isEqualTo(2);
    assertThat(rest.outLines()).hasSize(3);
    assertThat(server.uploads()).extracting(FakeUpload::filename).containsExactlyInAnyOrder("a.txt", "b.md", "c.json");
  }

  @Test
  void dryRunListsWhatWouldBeSentAndSendsNothingWithNoKey() throws IOException {
    Files.write(docs.resolve("tool.exe"), new byte[] {0x4d, 0x5a, 0, 1});
    ToolRun run = ToolRun.of(Map.of("XDG_STATE_HOME", dir.resolve("state").toString()), "upload", docs.toString(),
        "--purpose", "assistants", "--dry-run", "--part-size", "1MiB");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.out()).contains(docs.resolve("b.md") + "\tb.md: 2100000 bytes, text/markdown, purpose assistants, 3 part(s)"
        + " of up to 1048576 bytes");
    assertThat(run.err()).contains(docs.resolve("tool.exe") + ": ")
        .contains("openai-uploads: dry run: 3 files, 3.1 MiB, would be sent with --skip-invalid (1 refused); nothing was sent");
    assertThat(dir.resolve("state")).doesNotExist();
    assertThat(server.calls()).isEmpty();

    ToolRun one = ToolRun.of(Map.of(), "upload", docs.resolve("a.txt").toString(), "--purpose", "assistants",
        "--dry-run");
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).startsWith(docs.resolve("a.txt") + "\ta.txt: 1200000 bytes, text/plain");
    ToolRun named = ToolRun.of(Map.of(), "upload", docs.toString(), "--purpose", "assistants", "--dry-run",
        "--filename", "x.txt");
    assertThat(named.code()).isEqualTo(2);
    assertThat(named.err()).startsWith("openai-uploads: --filename names one file's");
  }

  @Test
  void includeAndExcludeChooseAmongADirectorysFilesTheLastMatchWinning() {
    ToolRun txt = run("upload", docs.toString(), "-r", "--purpose", "assistants", "--exclude", "*", "--include=*.txt",
        "--dry-run");
    assertThat(txt.outLines()).extracting(line -> line.split("\t")[0])
        .containsExactly(docs.resolve("a.txt").toString(), docs.resolve("sub/d.txt").toString());

    ToolRun notSub = run("upload", docs.toString(), "-r", "--purpose", "assistants", "--exclude", "sub/**", "--dry-run");
    assertThat(notSub.outLines()).hasSize(3).noneMatch(line -> line.contains("d.txt"));

    ToolRun none = run("upload", docs.toString(), "--purpose", "assistants", "--include", "*.txt", "--exclude", "*");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("openai-uploads: no file of the directories given matches the --include and"
        + " --exclude patterns" + System.lineSeparator());

    ToolRun bad = run("upload", docs.toString(), "--purpose", "assistants", "--include", "[a");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("openai-uploads: --include '[a' is not a glob pattern");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void unfinishedUploadsAreRefusedUntilRestartStartsThemOver() throws IOException {
    Path batch = Files.createDirectories(dir.resolve("bins"));
    TestFiles.randomFile(batch, "a.bin", 3L * MIB, 1);
    TestFiles.randomFile(batch, "b.bin", 3L * MIB, 2);
    server.addFault(Fault.on(Operation.ADD_PART).requests(2, 100).respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    ToolRun failed = run("upload", batch.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "1",
        "--concurrency", "1", "--max-retries", "0", "-q");
    assertThat(failed.code()).as(failed.err()).isEqualTo(4);
    CliContext context = new CliContext(Map.of("XDG_STATE_HOME", dir.resolve("state").toString()), null, null,
        Screen.none());
    Path journalA = JournalLocation.inStateFolder(batch.resolve("a.bin"), context);
    assertThat(journalA).exists();
    assertThat(Files.list(batch)).as("nothing beside the files").hasSize(2);
    server.clearFaults();
    int calls = server.calls().size();

    ToolRun refused = run("upload", batch.toString(), "--purpose", "user_data", "-q");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains(batch.resolve("a.bin") + ": an unfinished upload of it has a journal at "
        + journalA + " (add --resume to continue it, or --restart to start over)");
    assertThat(server.calls()).hasSize(calls);

    ToolRun restarted = run("upload", batch.toString(), "--purpose", "user_data", "--restart", "-q");
    assertThat(restarted.code()).as(restarted.err()).isZero();
    assertThat(restarted.outLines()).hasSize(2);
    assertThat(journalA).doesNotExist();
    assertThat(JournalLocation.inStateFolder(batch.resolve("b.bin"), context)).doesNotExist();
    assertThat(Files.list(batch)).as("nothing beside the files").hasSize(2);
  }

  @Test
  void resumeSkipsWhatAnEarlierRunUploadedEvenAfterARefusedRun() throws IOException {
    ToolRun first = run("upload", docs.toString(), "--purpose", "assistants", "-q");
    assertThat(first.code()).as(first.err()).isZero();
    Files.write(docs.resolve("tool.exe"), new byte[] {0x4d, 0x5a, 0, 1});
    assertThat(run("upload", docs.toString(), "--purpose", "assistants", "-q").code()).isEqualTo(2);

    ToolRun resumed = run("upload", docs.toString(), "--purpose", "assistants", "--resume", "--skip-invalid");

    assertThat(resumed.outLines()).containsExactlyInAnyOrderElementsOf(first.outLines());
    assertThat(resumed.err()).contains("3 uploaded (3 of them by an earlier run), 0 failed, 1 refused; 0 B sent in");
    assertThat(server.uploads()).hasSize(3);
  }

  @Test
  void checkTakesTheSamePaths() throws IOException {
    Path jsonl = Files.createDirectories(dir.resolve("jsonl"));
    Files.writeString(jsonl.resolve("good.jsonl"), "{\"prompt\":\"p\",\"completion\":\"c\"}\n");
    Files.writeString(jsonl.resolve("bad.jsonl"), "{\"prompt\":\"p\"\n");

    ToolRun run = run("check", jsonl.toString(), "--purpose", "fine-tune");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).contains("good.jsonl: no problems found in 1 line");
    assertThat(run.err()).contains("bad.jsonl: 1 problem found in 1 line");

    ToolRun good = run("check", jsonl.toString(), "--purpose", "fine-tune", "--exclude", "bad.*");
    assertThat(good.code()).as(good.err()).isZero();
    assertThat(good.out()).contains("good.jsonl: no problems found in 1 line").doesNotContain("bad.jsonl");
  }
}
