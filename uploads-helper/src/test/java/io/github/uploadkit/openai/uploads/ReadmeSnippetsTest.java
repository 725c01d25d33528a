package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of README.md is a whole source file: compiled here from the README's text, then
 * every example run against the fake server in a child JVM (so that the examples that read
 * OPENAI_API_KEY and OPENAI_BASE_URL find them) by {@link ReadmeExamplesMain}.
 */
class ReadmeSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

  @TempDir
  Path dir;

  @Test
  void everyJavaBlockCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<Path> sources = new ArrayList<>();
    for (Matcher block = BLOCK.matcher(readme); block.find(); ) {
      Matcher name = CLASS.matcher(block.group(1));
      assertThat(name.find()).as("a class in the block:%n%s", block.group(1)).isTrue();
      sources.add(Files.writeString(dir.resolve(name.group(1) + ".java"), block.group(1)));
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(6);

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean compiled = compiler.getTask(null, files, diagnostics,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none",
              "-Xlint:all", "-Werror"),
          null, files.getJavaFileObjectsFromPaths(sources)).call();
      assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
    }

    List<String> names = sources.stream().map(source -> source.getFileName().toString().replace(".java", ""))
        .filter(name -> !name.equals("DownloadFile")).toList();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      runsTheDownloadExample(loader);
    }
    assertThat(names).as("the examples ReadmeExamplesMain runs").containsExactlyInAnyOrderElementsOf(
        ReadmeExamplesMain.EXAMPLES);
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("batch_input.jsonl"),
        "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}\n");
    Files.writeString(work.resolve("train.jsonl"), ("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
        + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}\n").repeat(10));
    Files.writeString(work.resolve("notes.txt"), "notes\n");
    try (FakeUploadsServer server = FakeUploadsServer.builder().start()) {
      ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
          ReadmeExamplesMain.class.getName()).directory(work.toFile())
          .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
      child.environment().keySet().removeIf(name -> name.startsWith("OPENAI_"));
      child.environment().put("OPENAI_API_KEY", server.apiKey());
      child.environment().put("OPENAI_BASE_URL", server.baseUrl());
      Process process = child.start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(dir.resolve("err.txt"));
      assertThat(process.exitValue()).as(err).isZero();
      List<String> lines = Files.readAllLines(dir.resolve("out.txt"));
      assertThat(lines).as(err).hasSize(8);
      assertThat(lines.get(0)).as("QuickStart").matches("file-[0-9a-f]{24}");
      assertThat(lines.get(1)).as("OfflineExample").matches("file-[0-9a-f]{24} completed, md5 [0-9a-f]{32}");
      assertThat(lines).filteredOn(line -> line.matches("\\d+%, ETA .*")).as("TrainingUpload's listener").isNotEmpty();
      assertThat(lines.get(2)).as("UploadMetrics").isEqualTo("1 upload completed, 3145728 bytes sent, 0 running");
      assertThat(lines.subList(3, 8)).filteredOn(line -> !line.matches("\\d+%, ETA .*")).satisfiesExactly(
          training -> assertThat(training).matches("TrainingUpload file-[0-9a-f]{24}"),
          documents -> assertThat(documents).matches("DocumentUploads file-[0-9a-f]{24}"),
          raw -> assertThat(raw).matches("RawUpload completed file-[0-9a-f]{24}"),
          found -> assertThat(found).isEqualTo("FindFiles " + lines.get(lines.size() - 2).split(" ")[2]));
      assertThat(server.uploads()).as("OfflineExample has its own server").hasSize(4).allMatch(upload -> upload.status().equals("completed"));
    }
  }

  /** The "Raw endpoints" download, against a loopback server answering a File's bytes. */
  private void runsTheDownloadExample(ClassLoader loader) throws Exception {
    try (okhttp3.mockwebserver.MockWebServer server = new okhttp3.mockwebserver.MockWebServer()) {
      server.enqueue(new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "application/octet-stream")
          .setBody("{\"custom_id\":\"r1\"}\n"));
      io.github.uploadkit.openai.client.OpenAiClient client = io.github.uploadkit.openai.client.OpenAiClient.builder()
          .apiKey("sk-readme-download").baseUrl(server.url("/v1/").toString()).build();
      Path target = dir.resolve("output.jsonl");
      java.lang.reflect.Method download = loader.loadClass("DownloadFile")
          .getDeclaredMethod("download", io.github.uploadkit.openai.client.OpenAiClient.class, String.class, Path.class);
      download.setAccessible(true);
      Object size = download.invoke(null, client, "file-abc123", target);
      assertThat(size).isEqualTo(19L);
      assertThat(Files.readString(target)).isEqualTo("{\"custom_id\":\"r1\"}\n");
      assertThat(server.takeRequest().getPath()).isEqualTo("/v1/files/file-abc123/content");
    }
  }
}
