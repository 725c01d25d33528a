package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged tool as a real child process: {@code java -jar openai-uploads-helper-*-cli.jar}. */
class CliProcessIT {
  static final String KEY = "sk-process-test-secret-abcdef0123456789";
  /** Parts after the first two wait at the server, so the run is still under way when Ctrl-C comes. */
  static final Fault HOLD_LATER_PARTS = Fault.on(Operation.ADD_PART).requests(3, Integer.MAX_VALUE)
      .delay(Duration.ofSeconds(30));

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Path file;

  record Result(int code, String out, String err) {
  }

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().apiKey(KEY).bandwidthPerConnection(4_000_000).start();
    file = TestFiles.randomFile(dir, "data.bin", 24L * 1024 * 1024, 5);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Process launch(Map<String, String> env, String... args) throws IOException {
    return ChildJvm.tool().env(env).output(dir.resolve("out.txt"), dir.resolve("err.txt")).start(args);
  }

  Result finish(Process process) throws Exception {
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Result result = new Result(process.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    assertThat(result.out() + result.err()).doesNotContain(KEY);
    return result;
  }

  Result run(Map<String, String> env, String... args) throws Exception {
    return finish(launch(env, args));
  }

  @Test
  void uploadsWithFakeAndPrintsTheFileId() throws Exception {
    Result result = run(Map.of(), "upload", file.toString(), "--purpose", "user_data", "--fake");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).matches("file-[0-9a-f]{24}\\R");
    assertThat(result.err()).contains("Using the embedded fake Uploads server", "data.bin: 100%, 24 MiB of 24 MiB");
  }

  @Test
  void uploadsToAServerAndExitsWithEachCode() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY);
    Result ok = run(env, "upload", file.toString(), "--purpose", "user_data", "--base-url", server.baseUrl(), "--json", "-q");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("\"bytes\": " + Files.size(file), "\"purpose\": \"user_data\"");
    assertThat(server.uploads().get(0).assembledMd5()).isEqualTo(TestFiles.md5(file));

    assertThat(run(env, "upload", file.toString(), "--purpose", "vision", "--base-url", server.baseUrl()).code()).isEqualTo(2);
    Result wrongKey = run(Map.of("OPENAI_API_KEY", "sk-not-the-key"), "upload", file.toString(), "--purpose", "user_data",
        "--base-url", server.baseUrl(), "--verbose");
    assertThat(wrongKey.code()).isEqualTo(3);
    assertThat(wrongKey.err()).doesNotContain("sk-not-the-key");
    assertThat(run(env, "upload", file.toString(), "--purpose", "user_data", "--max-retries", "0",
        "--base-url", "http://127.0.0.1:9/v1").code()).isEqualTo(4);
  }

  @Test
  void ctrlCCancelsTheUploadOnTheServerBeforeExiting() throws Exception {
    server.addFault(HOLD_LATER_PARTS);
    Process child = launch(Map.of("OPENAI_API_KEY", KEY), "upload", file.toString(), "--purpose", "user_data",
        "--part-size", "4MiB", "--base-url", server.baseUrl());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.requestCount(Operation.ADD_PART) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.requestCount(Operation.ADD_PART)).isGreaterThanOrEqualTo(2);

    ChildJvm.interrupt(child);
    Result result = finish(child);

    assertThat(result.code()).isEqualTo(130);
    FakeUpload upload = server.uploads().get(0);
    assertThat(upload.status()).isEqualTo("cancelled");
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
    assertThat(result.err()).contains("openai-uploads: interrupted: the upload was stopped (its Upload " + upload.id()
        + " was cancelled on the server)");
    assertThat(result.err().split("cancelled", -1)).as("the cancel is reported once: %s", result.err()).hasSize(2);
  }

  @Test
  void ctrlCWithARateLimitedCancelStillCancelsWithinTwentySeconds() throws Exception {
    server.addFault(Fault.on(Operation.CANCEL).nth(1).respond(429).header("Retry-After", "30"));
    server.addFault(HOLD_LATER_PARTS);
    Process child = launch(Map.of("OPENAI_API_KEY", KEY), "upload", file.toString(), "--purpose", "user_data",
        "--part-size", "4MiB", "--base-url", server.baseUrl());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.requestCount(Operation.ADD_PART) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    long interrupted = System.nanoTime();
    ChildJvm.interrupt(child);
    Result result = finish(child);

    assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(20));
    assertThat(result.code()).isEqualTo(130);
    assertThat(server.requestCount(Operation.CANCEL)).isEqualTo(2);
    assertThat(server.uploads().get(0).status()).isEqualTo("cancelled");
  }
}
