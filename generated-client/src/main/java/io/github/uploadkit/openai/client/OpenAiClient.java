package io.github.uploadkit.openai.client;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.client.api.UploadsApi;
import io.github.uploadkit.openai.client.internal.ErrorResponses;
import io.github.uploadkit.openai.client.internal.Internals;
import io.github.uploadkit.openai.client.internal.Redaction;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import org.jspecify.annotations.Nullable;

/**
 * A configured connection to the OpenAI API: the one way in to the generated {@link UploadsApi}.
 *
 * <pre>{@code
 * OpenAiClient client = OpenAiClient.builder().build(); // reads OPENAI_API_KEY
 * Upload upload = client.execute(client.uploads().cancelUpload("upload_abc123"));
 * }</pre>
 *
 * <p>Requests carry {@code Authorization: Bearer}, the optional {@code OpenAI-Organization} and
 * {@code OpenAI-Project} headers and a {@code User-Agent}; the key is only sent to the configured
 * host and never appears in {@link #toString()} or in exceptions. Redirects are not followed.
 * By default connections use HTTP/1.1, so that parallel parts travel on separate TCP connections
 * instead of sharing one HTTP/2 connection's congestion window; {@link Builder#http2(boolean)}
 * turns HTTP/2 on. Instances are immutable and thread-safe.
 *
 * <p>How it fails: a wrong setting fails at once ({@link IllegalArgumentException}, or
 * {@link IllegalStateException} from {@code build()} without a key, or for plain http). A call
 * run through {@link #execute} throws an {@link OpenAiApiException} for a non-2xx answer, with the
 * status, the error's type, code and message and the request id; a {@link MalformedResponseException}
 * (an {@code IOException}) for a 2xx answer that is not the API's JSON; and an {@code IOException}
 * when the request could not be sent or the answer not read. None of them holds the key.
 */
public final class OpenAiClient {
  /** The API's production base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1/";
  /** The User-Agent product token this library sends. */
  public static final String USER_AGENT = "openai-uploads-java/0.1.0";

  private final String apiKey;
  private final HttpUrl baseUrl;
  private final String organization;
  private final String project;
  private final boolean allowInsecureHttp;
  private final boolean http2;
  private final OkHttpClient callerHttpClient;
  private final OkHttpClient httpClient;
  private final Moshi moshi;
  private final Retrofit retrofit;
  private final UploadsApi uploads;
  private final java.util.Map<Class<?>, Object> apis = new java.util.concurrent.ConcurrentHashMap<>();
  private final ErrorResponses errorResponses;

  private OpenAiClient(Builder builder) {
    this.apiKey = builder.apiKey;
    this.baseUrl = builder.baseUrl;
    this.organization = builder.organization;
    this.project = builder.project;
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.http2 = builder.http2;
    this.callerHttpClient = builder.okHttpClient;
    this.moshi = moshiBuilder().build();
    this.errorResponses = new ErrorResponses(moshi, this::redact);
    OkHttpClient.Builder http = callerHttpClient != null
        ? callerHttpClient.newBuilder()
        : new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .writeTimeout(Duration.ofMinutes(2))
            .readTimeout(Duration.ofMinutes(10))
            .connectionPool(new ConnectionPool(16, 5, java.util.concurrent.TimeUnit.MINUTES));
    http.followRedirects(false).followSslRedirects(false);
    if (!http2) {
      http.protocols(List.of(Protocol.HTTP_1_1));
    }
    http.addInterceptor(Internals.formFieldExpansion());
    http.addInterceptor(Internals.headers(baseUrl, apiKey, organization, project, USER_AGENT));
    http.addInterceptor(Internals.responseSizeLimit());
    this.httpClient = http.build();
    this.retrofit = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(httpClient)
        .addConverterFactory(Internals.formFields(moshi))
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .build();
    this.uploads = create(UploadsApi.class);
  }

  /** Returns a builder that reads {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL} when not set. */
  public static Builder builder() {
    return new Builder(System::getenv);
  }

  /** Returns a builder that starts from this client's settings. */
  public Builder newBuilder() {
    Builder builder = new Builder(System::getenv);
    builder.apiKey = apiKey;
    builder.baseUrl = baseUrl;
    builder.organization(organization);
    builder.project(project);
    builder.allowInsecureHttp = allowInsecureHttp;
    builder.http2 = http2;
    builder.okHttpClient = callerHttpClient;
    return builder;
  }

  /** The generated Retrofit interface for the four Uploads operations; the same as {@code create(UploadsApi.class)}. */
  public UploadsApi uploads() {
    return uploads;
  }

  /**
   * Returns a generated Retrofit interface, such as {@code FilesApi.class} or one generated from
   * operations a team added to the spec, on this client's OkHttp client (auth, headers, no
   * redirects), Moshi and base URL. Run its calls with {@link #execute} to get typed errors. The
   * same instance is returned for the same interface.
   *
   * @throws IllegalArgumentException if {@code api} is not an interface, or (when a method is
   *     first called) if Retrofit cannot implement one of its methods
   */
  public <T> T create(Class<T> api) {
    if (!api.isInterface()) {
      throw new IllegalArgumentException(api.getName() + " is not an interface; pass a generated ...Api interface");
    }
    return api.cast(apis.computeIfAbsent(api, retrofit::create));
  }

  /** The base URL, ending in {@code /}. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The OkHttp client every call goes through; share it to reuse connections. */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /**
   * The Moshi instance used for every body, as {@link #moshiBuilder()} builds it: use it (or one
   * from that builder) to read or write a generated model yourself.
   */
  public Moshi moshi() {
    return moshi;
  }

  /**
   * A new Moshi builder with the adapters the generated models need, to add adapters of your own
   * to: properties a model does not declare are kept on read and written back flattened into the
   * object, required fields are enforced, unknown enum values and exact numbers are kept. A Moshi
   * built without them cannot do that: it writes a model's {@code additionalProperties} as a
   * property of its own and drops what the model does not declare.
   */
  public static Moshi.Builder moshiBuilder() {
    return Internals.moshi();
  }

  /**
   * Executes a call made by {@link #uploads()} or {@link #create} and returns its body. The body
   * of a {@code Call<ResponseBody>} (a download, an event stream) is streamed: the caller reads it
   * and closes it.
   *
   * @throws OpenAiApiException for a non-2xx response, with the parsed error
   * @throws IOException when the request could not be sent or the response not read
   */
  public <T> T execute(Call<T> call) throws IOException {
    return execute(call, headers -> { });
  }

  /**
   * Executes a call as {@link #execute(Call)} does, and first hands the response's headers to
   * {@code headers}, whether the response is a success or an error: for a caller that reads what
   * every answer says, such as the API's {@code x-ratelimit-*} headers. {@code headers} is not
   * called when no response arrived or its body could not be read; it should be quick and not
   * throw (what it throws, the call throws).
   *
   * @throws OpenAiApiException for a non-2xx response, with the parsed error
   * @throws IOException when the request could not be sent or the response not read
   */
  public <T> T execute(Call<T> call, Consumer<? super Headers> headers) throws IOException {
    Response<T> response;
    try {
      response = call.execute();
    } catch (JsonDataException | JsonEncodingException e) {
      // Moshi's message quotes the value it met, which may be anything the server sent back
      Request request = call.request();
      throw new MalformedResponseException(redact(request.method() + " " + request.url().encodedPath()
          + " returned a body that is not the API's JSON: " + e.getMessage()), null);
    }
    try {
      headers.accept(response.headers());
    } catch (RuntimeException | Error e) {
      if (response.errorBody() != null) {
        response.errorBody().close();
      }
      throw e;
    }
    if (response.isSuccessful()) {
      T body = response.body();
      if (body == null) {
        Request request = call.request();
        throw new IOException(redact(request.method() + " " + request.url().encodedPath()
            + " returned HTTP " + response.code() + " with an empty body"));
      }
      return body;
    }
    throw toException(call.request(), response);
  }

  /** Turns an unsuccessful response into an exception; reads and closes its error body. */
  public OpenAiApiException toException(Request request, Response<?> response) {
    okhttp3.Response raw = response.raw();
    ErrorResponses.Parsed parsed = errorResponses.parse(response.errorBody());
    String description = parsed.description();
    if (raw.isRedirect()) {
      description = "the server redirected to " + redact(raw.header("Location"))
          + ", and redirects are not followed so that the API key stays with " + baseUrl.host();
    }
    // the path holds ids the server chose, and the message is redacted as a whole once it is put together
    return new OpenAiApiException(
        this::redact,
        response.code(),
        request.method(),
        redact(request.url().encodedPath()),
        parsed.type(),
        parsed.code(),
        parsed.param(),
        parsed.message(),
        redact(raw.header("x-request-id")),
        ErrorResponses.retryAfter(raw.headers(), Instant.now()),
        ErrorResponses.shouldRetry(raw.headers()),
        redact(description));
  }

  /**
   * Returns {@code text} with this client's API key replaced by {@code [redacted]}: for any text
   * that holds what a server sent (an id, a name, a message) before it is printed, logged or put
   * in an exception. Null stays null.
   */
  public @Nullable String redact(@Nullable String text) {
    return Redaction.redact(text, apiKey);
  }

  @Override
  public String toString() {
    return "OpenAiClient{baseUrl=" + baseUrl + ", organization=" + organization + ", project="
        + project + ", apiKey=[redacted]}";
  }

  /**
   * Configures an {@link OpenAiClient}. {@link #build()} fails with {@link IllegalStateException}
   * when no API key is set and {@code OPENAI_API_KEY} is empty.
   */
  public static final class Builder {
    private final Function<String, String> environment;
    private String apiKey;
    private HttpUrl baseUrl;
    private String organization;
    private String project;
    private boolean organizationSet;
    private boolean projectSet;
    private boolean allowInsecureHttp;
    private boolean http2;
    private OkHttpClient okHttpClient;

    Builder(Function<String, String> environment) {
      this.environment = environment;
    }

    /** The API key; by default {@code OPENAI_API_KEY}. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.apiKey = apiKey.trim();
      return this;
    }

    /**
     * The base URL, for example {@code https://api.openai.com/v1}; a missing trailing slash is
     * added. By default {@code OPENAI_BASE_URL}, else {@value #DEFAULT_BASE_URL}.
     *
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = parseBaseUrl(baseUrl);
      return this;
    }

    /**
     * Sends {@code OpenAI-Organization} with every request; null sends none. By default
     * {@code OPENAI_ORG_ID} when it is set.
     */
    public Builder organization(@Nullable String organization) {
      this.organization = organization;
      this.organizationSet = true;
      return this;
    }

    /**
     * Sends {@code OpenAI-Project} with every request; null sends none. By default
     * {@code OPENAI_PROJECT_ID} when it is set.
     */
    public Builder project(@Nullable String project) {
      this.project = project;
      this.projectSet = true;
      return this;
    }

    /** Allows a plain {@code http://} base URL on a host that is not loopback. Off by default. */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /** Lets OkHttp negotiate HTTP/2 with servers that offer it. Off by default (see the class doc). */
    public Builder http2(boolean enabled) {
      this.http2 = enabled;
      return this;
    }

    /**
     * An OkHttp client to start from (its timeouts, pool, proxy, interceptors); the client adds its
     * own header interceptor to a copy and never changes or closes the one given.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Returns the client.
     *
     * @throws IllegalStateException when there is no API key, or the base URL is plain http to a
     *     host that is not loopback without {@link #allowInsecureHttp(boolean)}
     */
    public OpenAiClient build() {
      if (apiKey == null) {
        String fromEnv = environment.apply("OPENAI_API_KEY");
        if (fromEnv == null || fromEnv.isBlank()) {
          throw new IllegalStateException(
              "No API key: set OPENAI_API_KEY or call OpenAiClient.builder().apiKey(...)");
        }
        apiKey = fromEnv.trim();
      }
      if (!organizationSet) {
        organization = fromEnvironment("OPENAI_ORG_ID");
      }
      if (!projectSet) {
        project = fromEnvironment("OPENAI_PROJECT_ID");
      }
      if (baseUrl == null) {
        String fromEnv = environment.apply("OPENAI_BASE_URL");
        baseUrl = parseBaseUrl(fromEnv == null || fromEnv.isBlank() ? DEFAULT_BASE_URL : fromEnv);
      }
      if (!baseUrl.isHttps() && !allowInsecureHttp && !isLoopback(baseUrl.host())) {
        throw new IllegalStateException("Refusing to send the API key over plain http to "
            + baseUrl.host() + ": use https, a loopback host, or allowInsecureHttp(true)");
      }
      return new OpenAiClient(this);
    }

    private @Nullable String fromEnvironment(String name) {
      String value = environment.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    }

    private static HttpUrl parseBaseUrl(String value) {
      String text = Objects.requireNonNull(value, "baseUrl").trim();
      HttpUrl url = HttpUrl.parse(text.endsWith("/") ? text : text + "/");
      if (url == null) {
        throw new IllegalArgumentException(
            "baseUrl must be an http or https URL such as https://api.openai.com/v1, but was '" + text + "'");
      }
      return url;
    }

    static boolean isLoopback(String host) {
      if (host.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!host.matches("[0-9.]+") && !host.contains(":")) {
        return false; // a name other than localhost: never resolve it here
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (IOException e) {
        return false;
      }
    }
  }
}
