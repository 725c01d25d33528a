package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java block of README.md is a whole source file: compiled here from the README's text; the offline example and the metrics example are run. */
class ReadmeSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

  @TempDir
  Path dir;

  @Test
  void everyJavaBlockCompilesAndTheOfflineExamplesRun() throws Exception {
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

    assertThat(run(classes, "OfflineExample")).matches("file-[0-9a-f]{24} completed, md5 [0-9a-f]{32}\\R");
    assertThat(run(classes, "UploadMetrics")).matches("1 upload completed, 3145728 bytes sent, 0 running\\R");
  }

  /** Runs {@code main} of a README class compiled into {@code classes}; returns what it printed. */
  private String run(Path classes, String name) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      runsTheDownloadExample(loader);
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8);
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
