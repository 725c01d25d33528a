package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import java.nio.file.Path;

/** Run in a child JVM with a small heap: uploads one file with 64 MiB parts and prints the result. */
public final class SmallHeapUploadMain {
  private SmallHeapUploadMain() {
  }

  public static void main(String[] args) {
    OpenAiClient client = OpenAiClient.builder().baseUrl(args[0]).build(); // key from OPENAI_API_KEY
    UploadResult result = Uploader.create(client).upload(UploadRequest.builder(Path.of(args[1]), Purpose.USER_DATA)
        .partSize(64L * 1024 * 1024).concurrency(4).build());
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory() + " upload=" + result.upload().id()
        + " md5=" + result.md5());
  }
}
