package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM: uploads a file in 1 MiB parts, pauses once three parts are stored, writes
 * what resumes it to a file and exits; another JVM resumes it.
 */
public final class PausingUploadMain {
  private PausingUploadMain() {
  }

  public static void main(String[] args) throws Exception {
    OpenAiClient client = OpenAiClient.builder().baseUrl(args[0]).build(); // key from OPENAI_API_KEY
    CountDownLatch threeStored = new CountDownLatch(3);
    try (Uploader uploader = Uploader.create(client)) {
      UploadHandle handle = uploader.start(UploadRequest.builder(Path.of(args[1]), Purpose.USER_DATA)
          .partSize(1024 * 1024).concurrency(2)
          .listener(new UploadListener() {
            @Override
            public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
              threeStored.countDown();
            }
          })
          .build());
      if (!threeStored.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("three parts were not stored in 60 s");
      }
      ResumableUpload paused = handle.pause();
      paused.writeTo(Path.of(args[2]));
      System.out.println("paused with " + paused.partsStored() + " parts stored");
    }
  }
}
