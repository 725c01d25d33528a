package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.uploadkit.openai.client.OpenAiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors another attempt cannot heal (a certificate refused, a host that does not resolve) end at the first attempt. */
class UnhealableErrorsTest {
  @TempDir
  Path dir;

  Uploader uploader(String baseUrl) {
    return Uploader.builder(OpenAiClient.builder().apiKey("sk-unhealable-0123456789").baseUrl(baseUrl).build())
        .retryPolicy(RetryPolicy.builder().maxRetries(5).backoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build())
        .build();
  }

  @Test
  void aSelfSignedCertificateIsNotRetried() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-keypass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger handled = new AtomicInteger();
    server.createContext("/", exchange -> {
      handled.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try (Uploader uploader = uploader("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/")) {
      Path file = TestFiles.randomFile(dir, "a.bin", 1000, 1);
      long started = System.nanoTime();

      UploadException e = catchThrowableOfType(UploadException.class,
          () -> uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)));

      assertThat(e.attempts()).as(e.getMessage()).isEqualTo(1);
      assertThat(e.getCause()).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(e.serverState()).isEqualTo(UploadException.ServerState.NOT_CREATED);
      assertThat(e.getMessage()).startsWith("Upload (not created) ");
      assertThat(handled).hasValue(0);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no backoff was waited").isLessThan(Duration.ofSeconds(10));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aHostThatDoesNotResolveIsNotRetried() throws IOException {
    try (Uploader uploader = uploader("https://no-such-host.invalid/v1/")) {
      Path file = TestFiles.randomFile(dir, "a.bin", 1000, 1);

      UploadException e = catchThrowableOfType(UploadException.class,
          () -> uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)));

      assertThat(e.attempts()).as(e.getMessage()).isEqualTo(1);
      assertThat(e.getCause()).isInstanceOf(java.net.UnknownHostException.class);
      assertThat(e.serverState()).isEqualTo(UploadException.ServerState.NOT_CREATED);
    }
  }
}
