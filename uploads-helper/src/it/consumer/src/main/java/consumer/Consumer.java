package consumer;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import java.nio.file.Path;

/** A user's class: it compiles only with the compiler setting the README gives (Java 17). */
public final class Consumer {
  private Consumer() {
  }

  public static String upload(Path file) {
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().build())) {
      var request = UploadRequest.of(file, Purpose.BATCH);
      return switch (request.purpose()) {
        case BATCH -> uploader.upload(request).fileId();
        default -> throw new IllegalArgumentException("a batch file only");
      };
    }
  }
}
