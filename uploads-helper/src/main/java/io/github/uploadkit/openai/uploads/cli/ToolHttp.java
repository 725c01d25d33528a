package io.github.uploadkit.openai.uploads.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The tool's HTTP settings from the conventions other tools follow: a proxy from
 * {@code HTTPS_PROXY} (or {@code HTTP_PROXY} for an http base URL; lower-case names too), hosts
 * that skip it from {@code NO_PROXY} (loopback hosts always do), and a request log on standard error with {@code --verbose}
 * or {@code OPENAI_LOG=info} (method, URL, status, time, request id; {@code OPENAI_LOG=debug}
 * adds the headers, the API key and proxy credentials redacted). Bodies are never logged.
 */
final class ToolHttp {
  private ToolHttp() {
  }

  /** The OkHttp client the tool's {@code OpenAiClient} starts from. */
  static OkHttpClient client(CliContext context, boolean verbose) {
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .writeTimeout(Duration.ofMinutes(2))
        .readTimeout(Duration.ofMinutes(10))
        .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
        .proxySelector(new EnvironmentProxies(context.env()));
    URI proxy = EnvironmentProxies.proxyUri(context.env(), "https");
    URI plainProxy = EnvironmentProxies.proxyUri(context.env(), "http");
    http.proxyAuthenticator((route, response) -> {
      URI used = route != null && route.address().url().isHttps() ? proxy : plainProxy;
      String userInfo = used == null ? null : used.getRawUserInfo();
      if (userInfo == null || !userInfo.contains(":") || response.request().header("Proxy-Authorization") != null) {
        return null;
      }
      String[] parts = userInfo.split(":", 2);
      return response.request().newBuilder().header("Proxy-Authorization",
          Credentials.basic(decode(parts[0]), decode(parts[1]))).build();
    });
    String level = context.env().getOrDefault("OPENAI_LOG", "").trim().toLowerCase(Locale.ROOT);
    if (verbose || level.equals("info") || level.equals("debug")) {
      http.addNetworkInterceptor(new RequestLog(context, level.equals("debug")));
    }
    return http.build();
  }

  /** Prints a log line on standard error, clearing a status line first when it is a terminal. */
  static void logLine(CliContext context, String line) {
    synchronized (context.err()) {
      if (context.screen().terminal()) {
        context.err().print("\r\u001b[K"); // the status line, if one is drawn, comes back with its next frame
      }
      context.err().println(line);
    }
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The proxy of {@code HTTPS_PROXY} or {@code HTTP_PROXY} for each request, none for the hosts of {@code NO_PROXY}. */
  static final class EnvironmentProxies extends ProxySelector {
    private final Map<String, String> env;

    EnvironmentProxies(Map<String, String> env) {
      this.env = env;
    }

    /** The proxy URL for a scheme's requests, or null; a bare {@code host:port} is taken for http://. */
    static URI proxyUri(Map<String, String> env, String scheme) {
      String name = scheme.equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY";
      String value = first(env, name, name.toLowerCase(Locale.ROOT));
      if (value == null) {
        return null;
      }
      try {
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " is not a proxy URL such as http://proxy.example.com:3128: "
            + e.getMessage(), e);
      }
    }

    private static String first(Map<String, String> env, String... names) {
      for (String name : names) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
          return value.trim();
        }
      }
      return null;
    }

    /** Whether {@code NO_PROXY} names the host: {@code *}, the host, or a domain it is in ({@code .example.com} or {@code example.com}). */
    static boolean bypassed(Map<String, String> env, String host) {
      String noProxy = first(env, "NO_PROXY", "no_proxy");
      if (noProxy == null) {
        return false;
      }
      String lower = host.toLowerCase(Locale.ROOT);
      for (String entry : noProxy.split("[,\\s]+")) {
        String domain = entry.trim().toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (domain.equals("*")) {
          return true;
        }
        domain = domain.startsWith(".") ? domain.substring(1) : domain;
        if (!domain.isEmpty() && (lower.equals(domain) || lower.endsWith("." + domain))) {
          return true;
        }
      }
      return false;
    }

    /** A loopback host (the embedded fake's, a tunnel's) is never reached through a proxy. */
    static boolean loopback(String host) {
      String lower = host.toLowerCase(Locale.ROOT);
      return lower.equals("localhost") || lower.startsWith("127.") || lower.equals("[::1]") || lower.equals("::1");
    }

    @Override
    public List<Proxy> select(URI uri) {
      URI proxy = proxyUri(env, uri.getScheme());
      if (proxy == null || loopback(uri.getHost()) || bypassed(env, uri.getHost())) {
        return List.of(Proxy.NO_PROXY);
      }
      int port = proxy.getPort() != -1 ? proxy.getPort() : proxy.getScheme().equals("https") ? 443 : 80;
      return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
      // OkHttp reports the failure to the caller
    }
  }

  /** One line per request and one per response on standard error; headers too at debug, redacted. */
  static final class RequestLog implements Interceptor {
    private final CliContext context;
    private final boolean headers;

    RequestLog(CliContext context, boolean headers) {
      this.context = context;
      this.headers = headers;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      long bodyBytes = request.body() == null ? -1 : request.body().contentLength();
      log("http: -> " + request.method() + " " + redacted(request.url())
          + (bodyBytes >= 0 ? " (" + ProgressDisplay.bytes(bodyBytes) + ")" : ""));
      if (headers) {
        for (int i = 0; i < request.headers().size(); i++) {
          log("http:    " + request.headers().name(i) + ": " + redactedValue(request.headers().name(i),
              request.headers().value(i)));
        }
      }
      long start = System.nanoTime();
      try {
        Response response = chain.proceed(request);
        String requestId = response.header("x-request-id");
        log("http: <- " + response.code() + " " + request.method() + " " + redacted(request.url()) + " in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms"
            + (requestId != null ? " (request id " + requestId.replaceAll("[^A-Za-z0-9_.-]", "?") + ")" : ""));
        return response;
      } catch (IOException e) {
        log("http: <- " + request.method() + " " + redacted(request.url()) + " failed after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + e.getClass().getSimpleName());
        throw e;
      }
    }

    private static String redactedValue(String name, String value) {
      String lower = name.toLowerCase(Locale.ROOT);
      return lower.equals("authorization") || lower.equals("proxy-authorization") || lower.contains("api-key")
          ? value.replaceFirst("^(\\S+\\s+)?.*$", "$1[redacted]") : value;
    }

    private static String redacted(HttpUrl url) {
      return url.newBuilder().username("").password("").build().toString();
    }

    private void log(String line) {
      logLine(context, line);
    }
  }
}
