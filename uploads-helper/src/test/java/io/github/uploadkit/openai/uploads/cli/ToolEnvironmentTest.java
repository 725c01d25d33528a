package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The conventions of the official SDKs and of other tools: OPENAI_ORG_ID and OPENAI_PROJECT_ID,
 * HTTPS_PROXY and NO_PROXY, and a request log (OPENAI_LOG or --verbose) with the key redacted.
 */
class ToolEnvironmentTest {
  static final String KEY = "sk-environment-test-0123456789abcdef";
  static final String CANCELLED = "{\"id\":\"upload_abc\",\"object\":\"upload\",\"bytes\":1,\"created_at\":1,"
      + "\"filename\":\"a.txt\",\"purpose\":\"assistants\",\"status\":\"cancelled\",\"expires_at\":2}";

  @Test
  void organizationAndProjectComeFromTheEnvironmentAndTheLogRedactsTheKey() throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(new MockResponse().setBody(CANCELLED).setHeader("x-request-id", "req_123"));
      ToolRun run = ToolRun.of(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", api.url("/v1").toString(),
          "OPENAI_ORG_ID", "org-abc", "OPENAI_PROJECT_ID", "proj_def", "OPENAI_LOG", "debug"), "cancel", "upload_abc");

      assertThat(run.code()).as(run.err()).isZero();
      RecordedRequest request = api.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request.getHeader("OpenAI-Organization")).isEqualTo("org-abc");
      assertThat(request.getHeader("OpenAI-Project")).isEqualTo("proj_def");
      assertThat(run.err()).contains("http: -> POST " + api.url("/v1/uploads/upload_abc/cancel"),
          "http:    Authorization: Bearer [redacted]", "http: <- 200 POST ", "(request id req_123)")
          .doesNotContain(KEY);
    }
  }

  @Test
  void verboseLogsEachRequestWithoutHeadersAndQuietLogsNone() throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(new MockResponse().setBody(CANCELLED));
      api.enqueue(new MockResponse().setBody(CANCELLED));
      Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", api.url("/v1").toString());
      ToolRun verbose = ToolRun.of(env, "cancel", "upload_abc", "--verbose");
      ToolRun plain = ToolRun.of(env, "cancel", "upload_abc");

      assertThat(verbose.err()).contains("http: -> POST ").contains("http: <- 200").doesNotContain("Authorization");
      assertThat(plain.err()).isEmpty();
      assertThat(api.takeRequest().getHeader("OpenAI-Organization")).isNull();
    }
  }

  @Test
  void httpsProxyCarriesTheRequestsWithItsCredentials() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.enqueue(new MockResponse().setResponseCode(403));
      ToolRun run = ToolRun.of(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", "https://api.openai.com/v1",
          "HTTPS_PROXY", "http://user:p%40ss@127.0.0.1:" + proxy.getPort()), "cancel", "upload_abc");

      RecordedRequest connect = proxy.takeRequest(10, TimeUnit.SECONDS);
      assertThat(connect).isNotNull();
      assertThat(connect.getRequestLine()).startsWith("CONNECT api.openai.com:443 ");
      assertThat(connect.getHeader("Proxy-Authorization")).isEqualTo(okhttp3.Credentials.basic("user", "p@ss"));
      assertThat(run.code()).isEqualTo(ExitCodes.NETWORK);
      assertThat(run.err()).doesNotContain("p%40ss").doesNotContain("p@ss").doesNotContain(KEY);
    }
  }

  @Test
  void noProxyAndLoopbackHostsGoDirect() {
    Map<String, String> env = Map.of("https_proxy", "proxy.example.com:3128", "NO_PROXY", "internal.example, .corp.test");
    ToolHttp.EnvironmentProxies proxies = new ToolHttp.EnvironmentProxies(env);
    assertThat(proxies.select(URI.create("https://api.openai.com/v1/uploads")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example.com", 3128)));
    assertThat(proxies.select(URI.create("https://api.internal.example/v1"))).containsExactly(Proxy.NO_PROXY);
    assertThat(proxies.select(URI.create("https://x.corp.test/v1"))).containsExactly(Proxy.NO_PROXY);
    assertThat(proxies.select(URI.create("http://127.0.0.1:8080/v1"))).containsExactly(Proxy.NO_PROXY);
    assertThat(proxies.select(URI.create("http://api.openai.com/v1"))).as("no HTTP_PROXY").containsExactly(Proxy.NO_PROXY);
    assertThat(new ToolHttp.EnvironmentProxies(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"))
        .select(URI.create("https://api.openai.com/v1"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void aProxyVariableThatIsNoUrlIsAUsageError() {
    ToolRun run = ToolRun.of(Map.of("OPENAI_API_KEY", KEY, "HTTPS_PROXY", "http://"), "cancel", "upload_abc");
    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("openai-uploads: HTTPS_PROXY is not a proxy URL such as http://proxy.example.com:3128");
  }
}
