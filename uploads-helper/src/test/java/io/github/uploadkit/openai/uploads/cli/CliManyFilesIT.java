package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A many-file run of the packaged tool killed half-way (SIGKILL), then run again with --resume. */
class CliManyFilesIT {
  static final String KEY = "sk-many-files-process-0123456789abcdef";

  @TempDir
  Path dir;

  Process launch(FakeUploadsServer server, Path out, String... args) throws Exception {
    return ChildJvm.tool().env(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl(),
        "XDG_STATE_HOME", dir.resolve("state").toString())).output(out, dir.resolve("err-" + out.getFileName())).start(args);
  }

  static Map<String, String> idsByName(Path out) throws Exception {
    Map<String, String> ids = new HashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      if (fields.length == 2) {
        ids.put(Path.of(fields[0]).getFileName().toString(), fields[1]);
      }
    }
    return ids;
  }

  @Test
  void aKilledRunResumesItsUnfinishedFilesAndSkipsTheDoneOnes() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < 6; i++) {
      TestFiles.randomFile(files, "f" + i + ".bin", 6L * 1024 * 1024, i);
    }
    String[] args = {"upload", files.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", "2",
        "--concurrency", "2", "-q"};
    try (FakeUploadsServer server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(2_000_000).start()) {
      Path firstOut = dir.resolve("first.txt");
      Process first = launch(server, firstOut, args);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (idsByName(firstOut).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Map<String, String> doneFirst = idsByName(firstOut);
      assertThat(doneFirst).hasSizeBetween(2, 5);

      Path secondOut = dir.resolve("second.txt");
      Process second = launch(server, secondOut, java.util.stream.Stream.concat(java.util.Arrays.stream(args),
          java.util.stream.Stream.of("--resume")).toArray(String[]::new));
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(dir.resolve("err-second.txt"));
      assertThat(second.exitValue()).as(err).isZero();

      Map<String, String> all = idsByName(secondOut);
      assertThat(all).hasSize(6).containsAllEntriesOf(doneFirst);
      List<FakeUpload> completed = server.uploads().stream().filter(u -> u.status().equals("completed")).toList();
      assertThat(completed).extracting(FakeUpload::filename)
          .containsExactlyInAnyOrder("f0.bin", "f1.bin", "f2.bin", "f3.bin", "f4.bin", "f5.bin");
      for (FakeUpload upload : completed) {
        assertThat(all).containsEntry(upload.filename(), upload.fileId());
        assertThat(upload.assembledMd5()).isEqualTo(TestFiles.md5(files.resolve(upload.filename())));
      }
    }
  }

  /** A folder "files" of six random files of 6 MiB, f0.bin to f5.bin. */
  Path sixFiles() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < 6; i++) {
      TestFiles.randomFile(files, "f" + i + ".bin", 6L * 1024 * 1024, i);
    }
    return files;
  }

  /** Starts the tool on {@code files} with {@code --jobs jobs} and returns once the server has that many Uploads. */
  Process uploadingAtOnce(FakeUploadsServer server, Path out, Path files, int jobs, String... more) throws Exception {
    Process child = launch(server, out, java.util.stream.Stream.concat(java.util.stream.Stream.of("upload",
        files.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--jobs", String.valueOf(jobs),
        "--concurrency", "2"), java.util.Arrays.stream(more)).toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.uploads().size() < jobs && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.uploads()).hasSizeGreaterThanOrEqualTo(jobs);
    return child;
  }

  @Test
  void ctrlCCancelsEveryUploadInFlightAndLeavesNonePending() throws Exception {
    Path files = sixFiles();
    try (FakeUploadsServer server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(1_000_000).start()) {
      Path out = dir.resolve("out.txt");
      Process child = uploadingAtOnce(server, out, files, 3, "-q");

      ChildJvm.interrupt(child);

      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(dir.resolve("err-out.txt"));
      assertThat(child.exitValue()).as(err).isEqualTo(130);
      assertThat(err).containsPattern("openai-uploads: interrupted; ([1-9]\\d*) of \\1 unfinished uploads cancelled on the"
          + " server");
      assertThat(server.uploads()).as(err).noneMatch(upload -> upload.status().equals("pending"));
      assertThat(server.uploads()).anyMatch(upload -> upload.status().equals("cancelled"));
    }
  }

  @Test
  void ctrlCEndsWithTheSummaryNamingTheCancelledAndTheNotStartedFiles() throws Exception {
    Path files = sixFiles();
    try (FakeUploadsServer server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(1_000_000).start()) {
      Path out = dir.resolve("out.txt");
      Process child = uploadingAtOnce(server, out, files, 2);

      long interrupted = System.nanoTime();
      ChildJvm.interrupt(child);

      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      java.time.Duration exiting = java.time.Duration.ofNanos(System.nanoTime() - interrupted);
      String err = Files.readString(dir.resolve("err-out.txt"));
      assertThat(child.exitValue()).as(err).isEqualTo(130);
      java.util.regex.Matcher summary = java.util.regex.Pattern.compile("(?m)^openai-uploads: (\\d+) uploaded, 0 failed,"
          + " 0 refused, ([1-9]\\d*) cancelled, ([1-9]\\d*) not started; .+ sent in [\\d.]+ s$").matcher(err);
      assertThat(summary.find()).as(err).isTrue();
      int uploaded = Integer.parseInt(summary.group(1));
      int cancelled = Integer.parseInt(summary.group(2));
      int notStarted = Integer.parseInt(summary.group(3));
      assertThat(uploaded + cancelled + notStarted).as(err).isEqualTo(6);
      for (int i = 0; i < 6; i++) {
        String name = files.resolve("f" + i + ".bin").toString();
        boolean sent = idsByName(out).containsKey("f" + i + ".bin");
        boolean stopped = err.contains("openai-uploads: " + name + ": stopped (");
        boolean left = err.contains("openai-uploads: " + name + ": not started: the run stopped before it");
        assertThat((sent ? 1 : 0) + (stopped ? 1 : 0) + (left ? 1 : 0)).as(name + " once: " + err).isEqualTo(1);
      }
      assertThat(err.lines().filter(line -> line.endsWith(": not started: the run stopped before it"))).hasSize(notStarted);
      assertThat(exiting).as("the summary waits for the cancels only").isLessThan(java.time.Duration.ofSeconds(15));
      assertThat(server.uploads()).noneMatch(upload -> upload.status().equals("pending"));
    }
  }
}
