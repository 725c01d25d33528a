package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.Request;

/**
 * One replica of a service, as {@link ReplicaBudget} starts it: a JVM with one {@link Uploader}
 * (the defaults) that uploads every file of a folder at once. It warms up without spending the
 * server's budget, prints {@code READY}, waits for a line on standard input so that all replicas
 * start together, and prints {@code RESULT start=.. end=.. completed=.. failed=.. pending=..}
 * (times in epoch milliseconds, comparable between processes).
 */
public final class ReplicaChild {
  private ReplicaChild() {
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    Path folder = Path.of(args[1]);
    OpenAiClient client = OpenAiClient.builder().apiKey(System.getenv("OPENAI_API_KEY")).baseUrl(baseUrl).build();
    List<UploadRequest> requests = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.sorted().forEach(file -> requests.add(UploadRequest.builder(file, Purpose.USER_DATA).build()));
    }
    try (Uploader uploader = Uploader.create(client)) {
      // loads the HTTP and JSON classes: an unknown path is not one of the API's requests, so it costs no budget
      client.httpClient().newCall(new Request.Builder().url(baseUrl + "warm-up").build()).execute().close();
      client.moshi().adapter(Upload.class);
      requests.forEach(uploader::validate);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long start = System.currentTimeMillis();
      List<UploadHandle> handles = requests.stream().map(uploader::start).toList();
      int completed = 0;
      int failed = 0;
      for (UploadHandle handle : handles) {
        try {
          handle.join();
          completed++;
        } catch (UploadException e) {
          failed++;
          System.err.println("failed: " + e.getMessage());
        }
      }
      long end = System.currentTimeMillis();
      System.out.printf("RESULT start=%d end=%d completed=%d failed=%d pending=%d%n", start, end, completed, failed,
          uploader.runningUploads());
    }
  }
}
