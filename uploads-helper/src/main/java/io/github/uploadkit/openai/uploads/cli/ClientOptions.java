package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiClient;
import picocli.CommandLine;

/** The options every command that talks to the API shares, and the client they make. */
final class ClientOptions {
  @CommandLine.Option(names = "--base-url", paramLabel = "URL",
      description = "The API's base URL (default: OPENAI_BASE_URL, else https://api.openai.com/v1).")
  String baseUrl;

  @CommandLine.Option(names = "--json",
      description = "Print results as JSON: the File for one file, an object per line for several; failures too.")
  boolean json;

  @CommandLine.Option(names = {"-v", "--verbose"},
      description = "Say more: log each request (as OPENAI_LOG=info does), and print stack traces on failure.")
  boolean verbose;

  /**
   * A client builder with the tool's settings from the environment: {@code OPENAI_ORG_ID},
   * {@code OPENAI_PROJECT_ID}, the proxy and the request log (see {@link ToolHttp}).
   *
   * @throws IllegalArgumentException when a proxy variable holds no URL
   */
  OpenAiClient.Builder builder(CliContext context) {
    return OpenAiClient.builder()
        .organization(blankToNull(context.env().get("OPENAI_ORG_ID")))
        .project(blankToNull(context.env().get("OPENAI_PROJECT_ID")))
        .okHttpClient(ToolHttp.client(context, verbose));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The client for the real API, keyed from OPENAI_API_KEY; {@code fakeAvailable} says whether
   * the command takes {@code --fake}, so that the hint names only what works.
   *
   * @throws IllegalStateException when there is no key or the base URL is refused
   */
  OpenAiClient client(CliContext context, boolean fakeAvailable) {
    String key = context.apiKey();
    if (key == null) {
      throw new IllegalStateException("OPENAI_API_KEY is not set: export your API key first"
          + (fakeAvailable ? " (or add --fake to try the tool offline)" : ""));
    }
    String url = baseUrl != null ? baseUrl : context.env().get("OPENAI_BASE_URL");
    try {
      return builder(context).apiKey(key).baseUrl(url == null || url.isBlank() ? OpenAiClient.DEFAULT_BASE_URL : url)
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the library's message names its Java option; the tool has none: the key never goes over plain http
      throw new IllegalArgumentException(String.valueOf(e.getMessage())
          .replace(", a loopback host, or allowInsecureHttp(true)", " or a loopback host (the tool sends the key over plain"
              + " http to no other host)"), e);
    }
  }
}
