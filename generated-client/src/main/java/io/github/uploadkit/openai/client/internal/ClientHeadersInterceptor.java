package io.github.uploadkit.openai.client.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import java.io.IOException;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the bearer token, the organization and project headers and the User-Agent, only to
 * requests for the configured scheme, host and port, so that the key never goes elsewhere; and
 * refuses a successful answer to a typed call (see {@link ResponseSizeLimit#isTypedCall}) that
 * declares a content type other than JSON. A streamed body (a download, an event stream) may be
 * of any type.
 */
final class ClientHeadersInterceptor implements Interceptor {
  private final HttpUrl baseUrl;
  private final String apiKey;
  private final String organization;
  private final String project;
  private final String userAgent;

  ClientHeadersInterceptor(
      HttpUrl baseUrl, String apiKey, String organization, String project, String userAgent) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.organization = organization;
    this.project = project;
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    Request.Builder builder = request.newBuilder().header("User-Agent", userAgent);
    if (url.scheme().equals(baseUrl.scheme())
        && url.host().equals(baseUrl.host())
        && url.port() == baseUrl.port()) {
      builder.header("Authorization", "Bearer " + apiKey);
      if (organization != null) {
        builder.header("OpenAI-Organization", organization);
      }
      if (project != null) {
        builder.header("OpenAI-Project", project);
      }
    }
    Response response = chain.proceed(builder.build());
    MediaType type = response.body() == null ? null : response.body().contentType();
    if (response.isSuccessful() && type != null && !type.subtype().toLowerCase(Locale.ROOT).contains("json")
        && ResponseSizeLimit.isTypedCall(request)) {
      response.close();
      throw new MalformedResponseException(Redaction.redact(request.method() + " " + url.encodedPath() + " returned HTTP "
          + response.code() + " with content type " + type + " instead of JSON", apiKey), null);
    }
    return response;
  }

  @Override
  public String toString() {
    return "ClientHeadersInterceptor{host=" + baseUrl.host() + ", apiKey=[redacted]}";
  }
}
