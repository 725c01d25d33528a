package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.github.uploadkit.openai.client.internal.FormFieldType;
import okhttp3.MultipartBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import retrofit2.Call;
import retrofit2.http.Multipart;
import retrofit2.http.POST;
import retrofit2.http.Part;

/**
 * What a multipart method written as api.mustache writes it sends: each field under its own name,
 * strings and numbers as plain text, objects and lists in the API's bracket form, files with their
 * filename and type.
 */
class MultipartFieldsTest {
  /** The shape api.mustache gives a multipart operation such as the official createFile. */
  interface FormApi {
    @Multipart
    @POST("files")
    Call<Void> createFile(@Part MultipartBody.Part file, @Part("purpose") String purpose,
        @Part("n") Integer n, @Part("temperature") Double temperature, @Part("stream") Boolean stream,
        @Part("include[]") List<String> include, @Part("expires_after") Map<String, Object> expiresAfter);

    /** The shape of the official create-realtime-call, whose multipart encoding types both fields. */
    @Multipart
    @POST("realtime/calls")
    Call<Void> createCall(@Part("sdp") @FormFieldType("application/sdp") String sdp,
        @Part("session") @FormFieldType("application/json") Map<String, Object> session);
  }

  @TempDir
  Path dir;
  MockWebServer server;
  OpenAiClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = OpenAiClient.builder().apiKey("sk-test-multipart-0123").baseUrl(server.url("/v1/").toString()).build();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void eachFieldGoesAsTheApiReadsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("batch.jsonl"), "{\"custom_id\":\"a\"}\n");
    Map<String, Object> expiresAfter = new LinkedHashMap<>();
    expiresAfter.put("anchor", "created_at");
    expiresAfter.put("seconds", 2592000L);
    expiresAfter.put("unset", null);
    server.enqueue(new MockResponse().setResponseCode(200));

    assertThat(client.create(FormApi.class).createFile(PartBodies.file("file", file), "batch", 3, 0.25, false,
        List.of("logprobs", "words"), expiresAfter).execute().isSuccessful()).isTrue();

    RecordedRequest request = server.takeRequest();
    String body = request.getBody().readString(StandardCharsets.UTF_8);
    assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(body)
        .contains("Content-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: 18\r\n\r\n{\"custom_id\":\"a\"}\n\r\n")
        .containsPattern(field("purpose", "batch"))
        .containsPattern(field("n", "3"))
        .containsPattern(field("temperature", "0.25"))
        .containsPattern(field("stream", "false"))
        .containsPattern(field("include\\[\\]", "logprobs"))
        .containsPattern(field("include\\[\\]", "words"))
        .containsPattern(field("expires_after\\[anchor\\]", "created_at"))
        .containsPattern(field("expires_after\\[seconds\\]", "2592000"))
        .doesNotContain("\"batch\"").doesNotContain("application/json").doesNotContain("unset")
        .doesNotContain("name=\"expires_after\"");
  }

  @Test
  void aFieldWhoseEncodingNamesAContentTypeIsOnePartOfThatType() throws Exception {
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("type", "realtime");
    session.put("model", "gpt-realtime");
    server.enqueue(new MockResponse().setResponseCode(201));

    assertThat(client.create(FormApi.class).createCall("v=0\r\no=- 1 2 IN IP4 127.0.0.1", session).execute().code())
        .isEqualTo(201);

    String body = server.takeRequest().getBody().readString(StandardCharsets.UTF_8);
    assertThat(body)
        .containsPattern("name=\"sdp\"\r\n(Content-Transfer-Encoding: binary\r\n)?Content-Type: application/sdp; charset=utf-8\r\n"
            + "Content-Length: 29\r\n\r\nv=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")
        .containsPattern("name=\"session\"\r\n(Content-Transfer-Encoding: binary\r\n)?Content-Type: application/json; "
            + "charset=utf-8\r\nContent-Length: \\d+\r\n\r\n\\{\"type\":\"realtime\",\"model\":\"gpt-realtime\"}\r\n")
        .doesNotContain("session[");
  }

  @Test
  void aFileFieldNeedsANameAndAFilename() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PartBodies.file(" ", "a.bin", PartBodies.bytes(new byte[1], 0, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a field name and a filename");
  }

  /** A text part: its name, no content type, then exactly the value. */
  private static String field(String name, String value) {
    return "Content-Disposition: form-data; name=\"" + name + "\"\r\n(Content-Transfer-Encoding: binary\r\n)?"
        + "Content-Length: " + value.length() + "\r\n\r\n" + java.util.regex.Pattern.quote(value) + "\r\n";
  }
}
