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

  @Test
  void ctrlCCancelsEveryUploadInFlightAndLeavesNonePending() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < 6; i++) {
      TestFiles.randomFile(files, "f" + i + ".bin", 6L * 1024 * 1024, i);
    }
    try (FakeUploadsServer server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(1_000_000).start()) {
      Path out = dir.resolve("out.txt");
      Process child = launch(server, out, "upload", files.toString(), "--purpose", "user_data", "--part-size", "1MiB",
          "--jobs", "3", "--concurrency", "2", "-q");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (server.uploads().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.uploads()).hasSizeGreaterThanOrEqualTo(3);

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
}
