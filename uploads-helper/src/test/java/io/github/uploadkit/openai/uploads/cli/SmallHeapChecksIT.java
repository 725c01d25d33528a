package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content checks in a child JVM of the packaged tool with a 64 MiB heap, on files made to
 * break line-at-a-time readers: no newline in a GiB, nesting past the limit, a string and a
 * number far larger than the heap. Each ends with its verdict and no OutOfMemoryError.
 */
class SmallHeapChecksIT {
  static final long GIB = 1024L * 1024 * 1024;
  static final String KEY = "sk-small-heap-test-0123456789abcdef";

  @TempDir
  Path dir;

  record Result(int code, String output) {
  }

  Result run(String... args) throws Exception {
    Path log = dir.resolve("child.log");
    Process child = ChildJvm.tool("-Xmx64m").env("OPENAI_API_KEY", KEY).output(log, null).start(args);
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the tool did not end in 120 s: " + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(output).doesNotContain("OutOfMemoryError");
    return new Result(child.exitValue(), output);
  }

  /** A sparse file of zeros: no newline anywhere. */
  Path zeros(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file;
  }

  /** {@code head}, then {@code fill} repeated to {@code size} bytes in all, then {@code tail}. */
  Path repeated(String name, String head, byte fill, long size, String tail) throws IOException {
    Path file = dir.resolve(name);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, fill);
      for (long left = size; left > 0; left -= block.length) {
        out.write(ByteBuffer.wrap(block, 0, (int) Math.min(block.length, left)));
      }
      out.write(ByteBuffer.wrap(tail.getBytes(StandardCharsets.UTF_8)));
    }
    return file;
  }

  @Test
  void aGibibyteWithNoNewlineIsOneBadLine() throws Exception {
    Result result = run("check", zeros("zeros.jsonl", GIB).toString(), "--purpose", "fine-tune");
    assertThat(result.code()).as(result.output()).isEqualTo(2);
    assertThat(result.output()).contains(
        "line 1 (byte 0): the line is not valid JSON: expected a value, found byte 0x00", "1 problem found in 1 line");
  }

  @Test
  void nestingPastTheLimitIsNamedAsTheLimit() throws Exception {
    Result result = run("check", repeated("deep.jsonl", "{\"a\":", (byte) '[', 32L << 20, "\n").toString(),
        "--purpose", "evals");
    assertThat(result.code()).as(result.output()).isEqualTo(2);
    assertThat(result.output()).contains("line 1 (byte 1004): the line nests deeper than 1000 levels, the limit of this check");
  }

  @Test
  void aStringAndANumberLargerThanTheHeapPass() throws Exception {
    Path text = repeated("long.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\","
        + "\"content\":\"", (byte) 'a', 256L << 20, "\"}]}\n");
    Result result = run("check", text.toString(), "--purpose", "fine-tune");
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).contains("no problems found in 1 line");

    Path number = repeated("number.jsonl", "{\"n\":1", (byte) '7', 128L << 20, "}\n");
    Result digits = run("check", number.toString(), "--purpose", "evals");
    assertThat(digits.code()).as(digits.output()).isZero();
  }

  @Test
  void anUploadOfAGibibyteWithNoNewlineEndsWithTheUploadCancelled() throws Exception {
    try (FakeUploadsServer server = FakeUploadsServer.builder().apiKey(KEY).keepPartBytes(false).start()) {
      Result result = run("upload", zeros("train.jsonl", GIB).toString(), "--purpose", "fine-tune",
          "--base-url", server.baseUrl());

      assertThat(result.code()).as(result.output()).isEqualTo(2);
      assertThat(result.output()).contains("line 1 (byte 0): the line is not valid JSON");
      assertThat(server.uploads()).as(result.output()).isNotEmpty()
          .allMatch(upload -> upload.status().equals("cancelled"), "cancelled");
    }
  }
}
