package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import java.nio.file.Path;

/** Run in a child JVM that the test kills: uploads a file in 1 MiB parts, keeping a journal. */
public final class ResumableUploadMain {
  private ResumableUploadMain() {
  }

  public static void main(String[] args) {
    OpenAiClient client = OpenAiClient.builder().baseUrl(args[0]).build(); // key from OPENAI_API_KEY
    Uploader.create(client).upload(UploadRequest.builder(Path.of(args[1]), Purpose.USER_DATA)
        .partSize(1024 * 1024).concurrency(2).journal(Path.of(args[2])).build());
    System.out.println("finished");
  }
}
