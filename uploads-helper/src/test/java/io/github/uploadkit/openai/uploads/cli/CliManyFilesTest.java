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

    ToolRun run = run("upload", batch.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "2",
        "--fail-fast");

    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(server.uploads()).noneMatch(upload -> upload.status().equals("pending"));
    assertThat(server.uploads().size()).isLessThan(6);
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
    assertThat(batch.resolve(".a.bin.openai-upload.json")).exists();
    server.clearFaults();
    int calls = server.calls().size();

    ToolRun refused = run("upload", batch.toString(), "--purpose", "user_data", "-q");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains(batch.resolve("a.bin") + ": an unfinished upload of it has a journal at "
        + batch.resolve(".a.bin.openai-upload.json") + " (add --resume to continue it, or --restart to start over)");
    assertThat(server.calls()).hasSize(calls);

    ToolRun restarted = run("upload", batch.toString(), "--purpose", "user_data", "--restart", "-q");
    assertThat(restarted.code()).as(restarted.err()).isZero();
    assertThat(restarted.outLines()).hasSize(2);
    assertThat(batch.resolve(".a.bin.openai-upload.json")).doesNotExist();
    assertThat(batch.resolve(".b.bin.openai-upload.json")).doesNotExist();
  }

  @Test
  void resumeSkipsWhatAnEarlierRunUploadedEvenAfterARefusedRun() throws IOException {
    ToolRun first = run("upload", docs.toString(), "--purpose", "assistants", "-q");
    assertThat(first.code()).as(first.err()).isZero();
    Files.write(docs.resolve("tool.exe"), new byte[] {0x4d, 0x5a, 0, 1});
    assertThat(run("upload", docs.toString(), "--purpose", "assistants", "-q").code()).isEqualTo(2);

    ToolRun resumed = run("upload", docs.toString(), "--purpose", "assistants", "--resume", "--skip-invalid");

    assertThat(resumed.outLines()).containsExactlyInAnyOrderElementsOf(first.outLines());
    assertThat(resumed.err()).contains("3 uploaded (3 of them by an earlier run), 0 failed, 1 refused");
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
  }
}
