package io.github.uploadkit.openai.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.internal.Internals;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code java whole-api} block, which needs operations the shipped client lacks: its
 * client packages are renamed to the conformance packages, it is compiled against the whole
 * generated document and run against a loopback server that checks the union it sends and
 * answers the unions it reads back. Skipped, saying so, without the official document.
 */
class ReadmeWholeApiExampleTest {
  private static final Pattern BLOCK = Pattern.compile("```java whole-api\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("(?m)^class (\\w+)");

  @TempDir
  Path dir;

  @Test
  void theUnionExampleCompilesAgainstTheWholeDocumentAndRuns() throws Exception {
    if (Boolean.parseBoolean(System.getProperty("conformance.skip", "true"))) {
      String message = "README whole-API example skipped: no official OpenAI document at "
          + System.getProperty("conformance.spec", "") + " (run with -Dofficial=PATH_OR_URL to generate one)";
      System.out.println(message);
      Assumptions.abort(message);
    }
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher block = BLOCK.matcher(readme);
    assertThat(block.find()).as("a ```java whole-api block in README.md").isTrue();
    String source = block.group(1)
        .replace("io.github.uploadkit.openai.client.api.", "io.github.uploadkit.openai.conformance.api.")
        .replace("io.github.uploadkit.openai.client.model.", "io.github.uploadkit.openai.conformance.model.");
    Matcher name = CLASS.matcher(source);
    assertThat(name.find()).as("a class in the block:%n%s", source).isTrue();
    Class<?> example = compile(name.group(1), source);
    Method add = example.getDeclaredMethod("add", OpenAiClient.class, String.class, String.class);
    add.setAccessible(true);

    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(answer("{\"type\":\"static\",\"static\":{\"max_chunk_size_tokens\":1200,\"chunk_overlap_tokens\":200}}"));
      server.enqueue(answer("{\"type\":\"other\"}"));
      server.enqueue(answer("{\"type\":\"semantic\",\"threshold\":0.5}"));
      OpenAiClient client = OpenAiClient.builder().apiKey("sk-readme-union")
          .baseUrl(server.url("/v1/").toString()).build();

      assertThat(add.invoke(null, client, "vs_abc123", "file-abc123")).isEqualTo("file-abc123 in chunks of 1200 tokens");
      assertSentStaticStrategy(server.takeRequest());
      assertThat(add.invoke(null, client, "vs_abc123", "file-abc123"))
          .isEqualTo("file-abc123 indexed before chunking strategies existed");
      assertSentStaticStrategy(server.takeRequest());
      assertThat(add.invoke(null, client, "vs_abc123", "file-abc123"))
          .isEqualTo("file-abc123 chunked by a newer strategy: {type=semantic, threshold=0.5}");
      assertSentStaticStrategy(server.takeRequest());
    }
  }

  private Class<?> compile(String className, String source) throws Exception {
    Path file = Files.writeString(dir.resolve(className + ".java"), source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean compiled = compiler.getTask(null, files, diagnostics,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none",
              "-Xlint:all", "-Werror"),
          null, files.getJavaFileObjects(file)).call();
      assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass(className);
  }

  private static MockResponse answer(String chunkingStrategy) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"file-abc123\","
        + "\"object\":\"vector_store.file\",\"usage_bytes\":1234,\"created_at\":4102444800,"
        + "\"vector_store_id\":\"vs_abc123\",\"status\":\"completed\",\"last_error\":null,"
        + "\"chunking_strategy\":" + chunkingStrategy + "}");
  }

  private static void assertSentStaticStrategy(RecordedRequest request) throws Exception {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/vector_stores/vs_abc123/files");
    JsonAdapter<Object> json = Internals.moshi().build().adapter(Object.class);
    assertThat(json.fromJson(request.getBody().readUtf8())).isEqualTo(json.fromJson("{\"file_id\":\"file-abc123\","
        + "\"chunking_strategy\":{\"type\":\"static\",\"static\":{\"max_chunk_size_tokens\":1200,\"chunk_overlap_tokens\":200}}}"));
  }
}
