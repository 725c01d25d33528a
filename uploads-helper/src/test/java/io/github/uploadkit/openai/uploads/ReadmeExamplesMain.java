package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs every Java example of the README (compiled by {@link ReadmeSnippetsTest}) against the
 * server of {@code OPENAI_BASE_URL}, in a folder holding {@code batch_input.jsonl},
 * {@code train.jsonl} and {@code notes.txt}; prints one line per example: its name and what it
 * made. An example it does not know fails the run, so a new example needs a line here.
 */
public final class ReadmeExamplesMain {
  /** The examples this runner knows how to run, in the order it runs them. */
  public static final List<String> EXAMPLES = List.of("QuickStart", "OfflineExample", "UploadMetrics", "TrainingUpload",
      "DocumentUploads", "RawUpload", "FindFiles");

  private ReadmeExamplesMain() {
  }

  public static void main(String[] args) throws Exception {
    ClassLoader loader = ReadmeExamplesMain.class.getClassLoader();
    OpenAiClient client = OpenAiClient.builder().build();
    Upload raw = null;
    for (String example : EXAMPLES) {
      Class<?> type = loader.loadClass(example);
      switch (example) {
        case "QuickStart", "OfflineExample", "UploadMetrics" -> type.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        case "TrainingUpload" -> {
          try (Uploader uploader = Uploader.create(client)) {
            UploadHandle handle = (UploadHandle) method(type, "start").invoke(null, uploader);
            System.out.println(example + " " + handle.join().fileId());
          }
        }
        case "DocumentUploads" -> {
          try (AutoCloseable uploads = (AutoCloseable) type.getConstructor(Path.class)
              .newInstance(java.nio.file.Files.createDirectories(Path.of("paused")))) {
            assertNothingResumed(method(type, "resumePaused").invoke(uploads));
            CompletableFuture<?> sent = (CompletableFuture<?>) method(type, "send").invoke(uploads, Path.of("notes.txt"));
            System.out.println(example + " " + ((UploadResult) sent.join()).fileId());
          }
        }
        case "RawUpload" -> {
          raw = (Upload) method(type, "upload").invoke(null, System.getenv("OPENAI_API_KEY"), Path.of("batch_input.jsonl"));
          System.out.println(example + " " + raw.status() + " " + raw.file().id());
        }
        case "FindFiles" -> System.out.println(example + " "
            + ((io.github.uploadkit.openai.client.model.OpenAIFile) method(type, "fileOf").invoke(null, client, raw)).id());
        default -> throw new AssertionError("no way to run the README example " + example);
      }
    }
  }

  private static void assertNothingResumed(Object resumed) {
    if (!((List<?>) resumed).isEmpty()) {
      throw new AssertionError("DocumentUploads resumed uploads from an empty folder: " + resumed);
    }
  }

  private static Method method(Class<?> type, String name) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        method.setAccessible(true);
        return method;
      }
    }
    throw new AssertionError(type.getName() + " has no method " + name);
  }
}
