package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiClient;
import picocli.CommandLine;

/** The options every command that talks to the API shares, and the client they make. */
final class ClientOptions {
  @CommandLine.Option(names = "--base-url", paramLabel = "URL",
      description = "The API's base URL (default: OPENAI_BASE_URL, else https://api.openai.com/v1).")
  String baseUrl;

  @CommandLine.Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @CommandLine.Option(names = {"-v", "--verbose"}, description = "Say more, and print stack traces on failure.")
  boolean verbose;

  /**
   * The client for the real API, keyed from OPENAI_API_KEY.
   *
   * @throws IllegalStateException when there is no key or the base URL is refused
   */
  OpenAiClient client(CliContext context) {
    String key = context.apiKey();
    if (key == null) {
      throw new IllegalStateException("OPENAI_API_KEY is not set: export your API key first"
          + " (or add --fake to try the tool offline)");
    }
    String url = baseUrl != null ? baseUrl : context.env().get("OPENAI_BASE_URL");
    OpenAiClient.Builder builder = OpenAiClient.builder().apiKey(key);
    builder.baseUrl(url == null || url.isBlank() ? OpenAiClient.DEFAULT_BASE_URL : url);
    return builder.build();
  }
}
