package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.Uploader;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code openai-uploads cancel UPLOAD_ID}: cancels a pending Upload. */
@CommandLine.Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancels a pending Upload, for example one left by a process that was killed.")
final class CancelCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Parameters(paramLabel = "UPLOAD_ID", description = "The Upload's id, for example upload_abc123.")
  String uploadId;

  @CommandLine.Mixin
  ClientOptions options = new ClientOptions();

  CancelCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!uploadId.matches("[A-Za-z0-9_-]+")) { // an id is a path segment: nothing else may reach the URL
      context.err().println("openai-uploads: " + (uploadId.isEmpty() ? "the Upload id is empty"
          : "'" + PrintedText.plain(uploadId) + "' is not an Upload id") + ": an id has letters, digits, '_' and '-'"
          + " only, such as upload_abc123; nothing was sent");
      return ExitCodes.USAGE;
    }
    OpenAiClient client;
    try {
      client = options.client(context, false);
    } catch (IllegalStateException | IllegalArgumentException e) {
      context.err().println("openai-uploads: " + PrintedText.plain(e.getMessage()));
      return ExitCodes.USAGE;
    }
    if (!client.redact(uploadId).equals(uploadId)) { // pasted in the wrong place: never sent, never printed
      context.err().println("openai-uploads: the Upload id given holds the API key: give the Upload's id (such as"
          + " upload_abc123); nothing was sent");
      return ExitCodes.USAGE;
    }
    try (Uploader uploader = Uploader.create(client)) {
      Upload upload = uploader.cancel(uploadId);
      context.out().println(options.json
          ? client.moshi().adapter(Upload.class).indent("  ").toJson(upload)
          : PrintedText.plain(upload.id() + " " + upload.status()));
      return ExitCodes.OK;
    } catch (UploadValidationException e) { // what the library refuses beyond the check above, a 300-letter id say
      String message = PrintedText.plain(e.getMessage());
      context.err().println("openai-uploads: " + message + (message.endsWith("nothing was sent") ? "" : "; nothing was sent"));
      return ExitCodes.USAGE;
    } catch (UploadException e) {
      // the cause says it best: the API's refusal, or why the request could not be sent
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Failures.report(context, options.verbose, cause,
          cause instanceof OpenAiApiException ? ExitCodes.API_ERROR : ExitCodes.NETWORK);
    }
  }
}
