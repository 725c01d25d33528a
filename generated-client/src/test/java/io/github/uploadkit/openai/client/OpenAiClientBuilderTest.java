package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

class OpenAiClientBuilderTest {
  @Test
  void readsKeyAndBaseUrlFromTheEnvironment() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-from-env-123", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    OpenAiClient client = new OpenAiClient.Builder(env::get).build();
    assertThat(client.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/v1/");
    assertThat(client.toString()).doesNotContain("sk-from-env-123").contains("apiKey=[redacted]");
  }

  @Test
  void readsTheOrganizationAndProjectFromTheEnvironmentUnlessTold() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_ORG_ID", " org-env ", "OPENAI_PROJECT_ID",
        "proj-env");
    OpenAiClient fromEnv = new OpenAiClient.Builder(env::get).build();
    assertThat(fromEnv.toString()).contains("organization=org-env,", "project=proj-env,");
    OpenAiClient told = new OpenAiClient.Builder(env::get).organization("org-told").project(null).build();
    assertThat(told.toString()).contains("organization=org-told,", "project=null,");
    assertThat(told.newBuilder().build().toString()).contains("organization=org-told,", "project=null,");
    OpenAiClient none = new OpenAiClient.Builder(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_ORG_ID", "")::get).build();
    assertThat(none.toString()).contains("organization=null,", "project=null,");
  }

  @Test
  void defaultsToTheProductionUrlOverHttp11() {
    OpenAiClient client = new OpenAiClient.Builder(Map.of("OPENAI_API_KEY", "sk-x")::get).build();
    assertThat(client.baseUrl().toString()).isEqualTo("https://api.openai.com/v1/");
    assertThat(client.httpClient().protocols()).containsExactly(Protocol.HTTP_1_1);
    assertThat(client.httpClient().followRedirects()).isFalse();
    assertThat(client.newBuilder().http2(true).build().httpClient().protocols()).contains(Protocol.HTTP_2);
  }

  @Test
  void refusesAMissingKey() {
    assertThatThrownBy(() -> new OpenAiClient.Builder(name -> null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No API key: set OPENAI_API_KEY or call OpenAiClient.builder().apiKey(...)");
  }

  @Test
  void refusesPlainHttpToARemoteHostUnlessAllowed() {
    OpenAiClient.Builder builder = OpenAiClient.builder().apiKey("sk-x").baseUrl("http://api.example.com/v1");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Refusing to send the API key over plain http to api.example.com: use https, a"
            + " loopback host, or allowInsecureHttp(true)");
    assertThat(builder.allowInsecureHttp(true).build().baseUrl().host()).isEqualTo("api.example.com");
    assertThat(OpenAiClient.builder().apiKey("sk-x").baseUrl("http://localhost:1/v1").build()).isNotNull();
    assertThat(OpenAiClient.builder().apiKey("sk-x").baseUrl("http://[::1]:1/v1").build()).isNotNull();
  }

  @Test
  void refusesABaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> OpenAiClient.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl must be an http or https URL such as https://api.openai.com/v1, but was 'ftp://x'");
  }
}
