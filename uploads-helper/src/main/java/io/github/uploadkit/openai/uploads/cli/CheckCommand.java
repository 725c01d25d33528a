package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.UploadLimits;
import io.github.uploadkit.openai.uploads.Uploader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code openai-uploads check PATH... --purpose P}: the content checks alone, offline, with no key. */
@CommandLine.Command(name = "check", mixinStandardHelpOptions = true,
    description = "Checks files' content for a purpose without uploading them: no network, no key. Takes files"
        + " and directories as upload does; exits 2 when any file has a problem.")
final class CheckCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and directories to check.")
  List<Path> paths;

  @CommandLine.Option(names = {"-r", "--recursive"}, description = "Check the files of subdirectories too.")
  boolean recursive;

  @CommandLine.Mixin
  PathFilters patterns = new PathFilters();

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
      Purpose.fromValue(purpose);
    } catch (UploadValidationException e) {
      context.err().println("openai-uploads: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (filename != null && PathArguments.several(paths)) {
      context.err().println("openai-uploads: --filename names one file's; with several files each keeps its own name");
      return ExitCodes.USAGE;
    }
    PathArguments.Expansion found;
    try {
      found = patterns.expand(paths, recursive);
    } catch (IllegalArgumentException e) {
      context.err().println("openai-uploads: " + PrintedText.plain(e.getMessage()));
      return ExitCodes.USAGE;
    }
    found.refusals().forEach(refusal -> context.err().println(ResultLines.plain(refusal)));
    int code = found.refusals().isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
    for (Path file : found.files()) {
      code = Math.max(code, check(file));
    }
    return code;
  }

  private int check(Path file) {
    try {
      UploadRequest.Builder request = UploadRequest.builder(file, Purpose.fromValue(purpose));
      if (mimeType != null) {
        request.mimeType(mimeType);
      }
      if (filename != null) {
        request.filename(filename);
      }
      ContentReport report = Uploader.check(request.build(), UploadLimits.defaults());
      if (report.clean()) {
        context.out().println(PrintedText.plain(file) + ": " + PrintedText.plainLines(report.describe()));
        return ExitCodes.OK;
      }
      context.err().println(PrintedText.plain(file) + ": " + PrintedText.plainLines(report.describe()));
      return ExitCodes.USAGE;
    } catch (UploadValidationException e) {
      context.err().println(ResultLines.plain(new PathArguments.Refusal(file, e.getMessage())));
      return ExitCodes.USAGE;
    } catch (RuntimeException | Error e) { // a fault of the checks themselves, out of memory included
      context.err().println("openai-uploads: the content checks of " + PrintedText.plain(file) + " failed: "
          + PrintedText.plain(e.toString()));
      return ExitCodes.USAGE;
    }
  }
}
