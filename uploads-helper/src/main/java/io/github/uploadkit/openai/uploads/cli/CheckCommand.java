package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.Uploader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code openai-uploads check FILE --purpose P}: the content checks alone, offline, with no key. */
@CommandLine.Command(name = "check", mixinStandardHelpOptions = true,
    description = "Checks FILE's content for a purpose without uploading it: no network, no key.")
final class CheckCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Parameters(paramLabel = "FILE", description = "The file to check.")
  Path file;

  @CommandLine.Option(names = "--purpose", required = true, paramLabel = "P",
      description = "What the File would be for: assistants, batch, fine-tune, vision, user_data or evals.")
  String purpose;

  @CommandLine.Option(names = "--mime-type", paramLabel = "TYPE",
      description = "The MIME type it would be sent as (default: from the file's extension).")
  String mimeType;

  @CommandLine.Option(names = "--filename", paramLabel = "NAME", description = "The File's name (default: FILE's name).")
  String filename;

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try {
      UploadRequest.Builder request = UploadRequest.builder(file, Purpose.fromValue(purpose));
      if (mimeType != null) {
        request.mimeType(mimeType);
      }
      if (filename != null) {
        request.filename(filename);
      }
      // the checks send nothing: a client that points nowhere is enough to build the uploader
      ContentReport report;
      try (Uploader offline = Uploader.create(OpenAiClient.builder().apiKey("offline").baseUrl("http://127.0.0.1:9/")
          .build())) {
        report = offline.check(request.build());
      }
      if (report.clean()) {
        context.out().println(file + ": " + report.describe());
        return ExitCodes.OK;
      }
      context.err().println(file + ": " + report.describe());
      return ExitCodes.USAGE;
    } catch (UploadValidationException e) {
      context.err().println("openai-uploads: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (RuntimeException | Error e) { // a fault of the checks themselves, out of memory included
      context.err().println("openai-uploads: the content checks of " + file + " failed: " + e);
      return ExitCodes.USAGE;
    }
  }
}
