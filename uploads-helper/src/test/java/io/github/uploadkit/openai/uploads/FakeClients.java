package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Clients and uploaders of a fake server, as the tests build them. */
public final class FakeClients {
  /** One retry, after a millisecond or two: for tests that provoke failures and wait for the outcome. */
  public static final RetryPolicy FAST_RETRIES =
      RetryPolicy.builder().maxRetries(1).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();

  /** Retries enough to ride out a chaos server's faults, with short backoffs. */
  public static final RetryPolicy CHAOS_RETRIES =
      RetryPolicy.builder().maxRetries(6).backoff(Duration.ofMillis(1), Duration.ofMillis(20)).build();

  private FakeClients() {
  }

  /** A client of {@code server} that gives up reading an answer after a second, as the chaos tests want. */
  public static OpenAiClient impatient(FakeUploadsServer server) {
    return OpenAiClient.builder().apiKey(server.apiKey()).baseUrl(server.baseUrl())
        .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build()).build();
  }

  /** A client of {@code server}, with its key and base URL. */
  public static OpenAiClient of(FakeUploadsServer server) {
    return OpenAiClient.builder().apiKey(server.apiKey()).baseUrl(server.baseUrl()).build();
  }

  /** An uploader of {@code server} that retries once, quickly. */
  public static Uploader fastUploader(FakeUploadsServer server) {
    return uploaderBuilder(server).build();
  }

  /** A builder of an uploader of {@code server} that retries once, quickly. */
  public static Uploader.Builder uploaderBuilder(FakeUploadsServer server) {
    return Uploader.builder(of(server)).retryPolicy(FAST_RETRIES);
  }
}
