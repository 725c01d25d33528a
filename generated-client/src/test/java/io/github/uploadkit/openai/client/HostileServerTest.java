package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.github.uploadkit.openai.client.api.UploadsApi;
import io.github.uploadkit.openai.client.model.Upload;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import retrofit2.Call;

/** A server that echoes the key, answers without end, or trickles: the key never shows, every wait ends. */
class HostileServerTest {
  static final String KEY = "sk-hostile-0123456789abcdefghijklmnopqrstuv";

  MockWebServer mock;
  HttpServer endless;

  @AfterEach
  void stop() throws IOException {
    if (mock != null) {
      mock.shutdown();
    }
    if (endless != null) {
      endless.stop(0);
    }
  }

  private OpenAiClient clientFor(String baseUrl) {
    return OpenAiClient.builder().apiKey(KEY).baseUrl(baseUrl).build();
  }

  private OpenAiClient mockClient(MockResponse response) throws IOException {
    mock = new MockWebServer();
    mock.enqueue(response);
    mock.start();
    return clientFor(mock.url("/v1/").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "code", "param", "message"})
  void aKeyEchoedInAnErrorFieldIsRedacted(String field) throws IOException {
    String error = "{\"message\":\"m\",\"type\":\"t\",\"param\":\"p\",\"code\":\"c\"}".replace("\"" + field.charAt(0)
        + "\"", "\"echo " + KEY + "\"");
    OpenAiClient client = mockClient(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":" + error + "}"));
    assertKeyNeverShows(catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1"))));
  }

  @Test
  void aKeyEchoedInTheRequestIdIsRedacted() throws IOException {
    OpenAiClient client = mockClient(new MockResponse().setResponseCode(500).setHeader("x-request-id", "req " + KEY)
        .setBody("{}"));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    assertKeyNeverShows(e);
    assertThat(((OpenAiApiException) e).requestId()).contains("[redacted]");
  }

  @Test
  void aKeyInAnIdTheServerChoseIsRedactedFromThePathOfTheError() throws IOException {
    OpenAiClient client = mockClient(new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":{\"message\":\"No such upload\",\"type\":\"invalid_request_error\"}}"));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_" + KEY)));
    assertKeyNeverShows(e);
    assertThat(e.getMessage()).contains("/v1/uploads/upload_[redacted]/cancel failed with HTTP 404");
    assertThat(((OpenAiApiException) e).path()).isEqualTo("/v1/uploads/upload_[redacted]/cancel");
  }

  @Test
  void aKeyInTheBodyOfAnEmptyOrNonJsonAnswerIsRedacted() throws IOException {
    OpenAiClient client = mockClient(new MockResponse().setHeader("Content-Type", "text/plain").setBody("x"));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_" + KEY)));
    assertThat(e).isInstanceOf(MalformedResponseException.class).hasMessageContaining("upload_[redacted]");
    assertKeyNeverShows(e);
  }

  @Test
  void aKeyInAFieldOfTheWrongTypeIsNotQuotedByTheParseError() throws IOException {
    OpenAiClient client = mockClient(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"id\":\"upload_1\",\"object\":\"upload\",\"bytes\":\"" + KEY + "\",\"created_at\":1,"
            + "\"filename\":\"a\",\"purpose\":\"batch\",\"status\":\"pending\",\"expires_at\":2}"));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    assertThat(e).isInstanceOf(MalformedResponseException.class).hasMessageContaining("$.bytes");
    assertKeyNeverShows(e);
  }

  @ParameterizedTest
  @ValueSource(ints = {150, 180, 195, 199, 200})
  void aKeyAcrossTheCutOfAnHtmlBodyIsRedactedBeforeTheCut(int at) throws IOException {
    String html = "<html><body>" + "x".repeat(at) + KEY + " trailing words</body></html>";
    OpenAiClient client = mockClient(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
        .setBody(html));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    assertKeyNeverShows(e);
    assertThat(e.getMessage()).doesNotContain(KEY.substring(0, 12));
  }

  @Test
  void anEndlessErrorBodyIsReadOnlyUpToItsCap() throws Exception {
    OpenAiClient client = clientFor(endlessServer(500, 0));
    long started = System.nanoTime();
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    assertThat(e).isInstanceOf(OpenAiApiException.class).hasMessageContaining("larger than 65536 bytes");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
  }

  @Test
  void anEndlessSuccessfulBodyFailsAtItsCap() throws Exception {
    OpenAiClient client = clientFor(endlessServer(200, 0));
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    assertThat(e).isInstanceOf(IOException.class).hasMessageContaining("longer than 16777216 bytes");
  }

  @Test
  void aTricklingBodyEndsAtTheCallsDeadline() throws Exception {
    OpenAiClient client = clientFor(endlessServer(200, 500));
    UploadsApi api = client.uploads();
    Call<Upload> call = api.cancelUpload("upload_1");
    call.timeout().timeout(2, TimeUnit.SECONDS);
    long started = System.nanoTime();
    Throwable e = catchThrowable(() -> client.execute(call));
    assertThat(e).isInstanceOf(IOException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(1_500L, 10_000L);
  }

  @Test
  void aBodyTricklingAByteASecondEndsAtTheMinimumRateNotTheCallsDeadline() throws Exception {
    OpenAiClient client = clientFor(endlessServer(200, 1000));
    long started = System.nanoTime();
    Throwable e = catchThrowable(() -> client.execute(client.uploads().cancelUpload("upload_1")));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    assertThat(e).isInstanceOf(java.net.SocketTimeoutException.class)
        .hasMessageContaining("the response body came too slowly").hasMessageContaining("below the 1024 bytes a second");
    assertThat(seconds).as("the default call deadline is 2 minutes; the rate ends it after its 10 s of grace")
        .isBetween(9L, 40L);
  }

  /** A server that answers {@code status} with a body that never ends, a chunk every {@code pauseMillis}. */
  private String endlessServer(int status, long pauseMillis) throws IOException {
    endless = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endless.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, 0);
      // a string value that never ends, or whitespace (valid before a JSON value) a byte at a time
      byte[] chunk = (pauseMillis > 0 ? " " : "x".repeat(8000)).getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = exchange.getResponseBody()) {
        if (pauseMillis == 0) {
          out.write("{\"a\":\"".getBytes(StandardCharsets.UTF_8));
        }
        while (true) {
          out.write(chunk);
          out.flush();
          if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
          }
        }
      } catch (IOException | InterruptedException closedByTheClient) {
        // the client stopped reading, as it should
      }
    });
    endless.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r);
      thread.setDaemon(true);
      return thread;
    }));
    endless.start();
    return "http://127.0.0.1:" + endless.getAddress().getPort() + "/v1/";
  }

  private static void assertKeyNeverShows(Throwable e) {
    assertThat(e).isNotNull();
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(KEY);
    assertThat(String.valueOf(e)).doesNotContain(KEY);
  }
}
