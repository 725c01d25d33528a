package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadResult;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.Uploader;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code openai-uploads upload PATH... --purpose P}: uploads one file and prints its File id, or
 * many files and directories (see {@link ManyUploads}) and prints a line per file.
 */
@CommandLine.Command(name = "upload", mixinStandardHelpOptions = true,
    description = {"Uploads files in parallel parts. One FILE: prints the id of the File it becomes. Several"
        + " paths or a directory: validates every file first, uploads --jobs at once, and prints PATH<TAB>FILE_ID"
        + " per file as it ends (--json: one JSON object per line), then a summary. The exit code is that of the"
        + " most severe failure: 130, then 3, then 4, then 2."})
final class UploadCommand implements Callable<Integer> {
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(15);

  private final CliContext context;
  /** Set by the Ctrl-C hook, which then reports the cancel itself. */
  private volatile boolean interrupted;

  @CommandLine.Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Files (at most 8 GiB each) and directories to upload.")
  List<Path> paths;


  @CommandLine.Option(names = {"-r", "--recursive"}, description = "Upload the files of subdirectories too.")
  boolean recursive;

  @CommandLine.Option(names = "--jobs", paramLabel = "N", defaultValue = "4",
      description = "Files uploaded at once, 1 to 64 (default: 4); all share one limit of 16 parts in flight.")
  int jobs;

  @CommandLine.Option(names = "--skip-invalid",
      description = "Upload the valid files even when others are refused (the exit code is then 2 at least).")
  boolean skipInvalid;

  @CommandLine.Option(names = "--fail-fast", description = "Stop at the first file that fails, cancelling the others.")
  boolean failFast;

  @CommandLine.Option(names = "--dry-run",
      description = "Validate and check everything, list what would be sent (sizes, parts, types), and send nothing"
          + " (--json: an object per file: path, status would_send, bytes, mime_type, parts, part_size).")
  boolean dryRun;

  @CommandLine.Mixin
  PathFilters patterns = new PathFilters();

  @CommandLine.Option(names = "--purpose", required = true, paramLabel = "P",
      description = "What the File is for: assistants, batch, fine-tune, vision, user_data or evals.")
  String purpose;

  @CommandLine.Option(names = "--mime-type", paramLabel = "TYPE",
      description = "The MIME type (default: from the file's extension).")
  String mimeType;

  @CommandLine.Option(names = "--filename", paramLabel = "NAME", description = "The File's name (default: FILE's name).")
  String filename;

  @CommandLine.Option(names = "--part-size", paramLabel = "SIZE", converter = Converters.ByteSize.class,
      description = "Bytes per part, up to 64MiB: 32MiB, 8MB or a byte count (default: automatic).")
  Long partSize;

  @CommandLine.Option(names = "--concurrency", paramLabel = "N", description = "Parts in flight at once, 1 to 16 (default: 4).")
  Integer concurrency;

  @CommandLine.Option(names = "--no-md5", description = "Do not compute and send the file's md5.")
  boolean noMd5;

  @CommandLine.Option(names = "--expires-after", paramLabel = "DURATION", converter = Converters.Expiry.class,
      description = "Expire the File this long after it is created: 3600, 2h, 7d (1 hour to 30 days).")
  Duration expiresAfter;

  @CommandLine.Option(names = "--max-retries", paramLabel = "N", description = "Retries per request (default: 5).")
  Integer maxRetries;

  @CommandLine.Option(names = {"-q", "--quiet"}, description = "Show no progress.")
  boolean quiet;

  @CommandLine.Option(names = "--fake", description = "Upload to an embedded fake server: offline, no key needed.")
  boolean fake;

  @CommandLine.Option(names = "--resume",
      description = "Continue the unfinished upload of FILE from its journal (in the state folder, or --journal).")
  boolean resume;

  @CommandLine.Option(names = "--restart",
      description = "Forget an unfinished upload of FILE (cancelling its Upload) and start over.")
  boolean restart;

  @CommandLine.Option(names = "--journal", paramLabel = "PATH",
      description = "Where to keep the journal that makes the upload resumable (default: in the state folder,"
          + " $XDG_STATE_HOME/openai-uploads or ~/.local/state/openai-uploads).")
  Path journal;

  @CommandLine.Option(names = "--no-journal", description = "Keep no journal: the upload cannot be resumed.")
  boolean noJournal;

  @CommandLine.Option(names = "--no-check", description = "Do not check the content while uploading.")
  boolean noCheck;

  @CommandLine.Mixin
  ClientOptions options = new ClientOptions();

  UploadCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    FakeUploadsServer fakeServer = null;
    try {
      Purpose.fromValue(purpose);
      boolean many = PathArguments.several(paths) || dryRun;
      checkOptions();
      String ignoredStateHome = JournalLocation.ignoredStateHome(context);
      if (ignoredStateHome != null && !quiet && !fake) {
        context.err().println("openai-uploads: " + PrintedText.plain(ignoredStateHome));
      }
      OpenAiClient client;
      if (fake) {
        fakeServer = FakeUploadsServer.builder().start();
        client = options.builder(context).apiKey(fakeServer.apiKey()).baseUrl(fakeServer.baseUrl()).build();
        if (!quiet) {
          context.err().println("Using the embedded fake Uploads server at " + fakeServer.baseUrl()
              + ": nothing leaves this machine.");
        }
      } else if (dryRun) { // nothing is sent: a client that points nowhere is enough to validate
        client = options.builder(context).apiKey("dry-run").baseUrl("http://127.0.0.1:9/").build();
      } else {
        client = options.client(context, true);
      }
      try (Uploader uploader = Uploader.builder(client)
          .retryPolicy(maxRetries == null ? RetryPolicy.defaults() : RetryPolicy.builder().maxRetries(maxRetries).build())
          .build()) {
        if (many) {
          return new ManyUploads(this, context, new ResultLines(context, options.json)).run(uploader, paths);
        }
        Path journalPath = journalPath();
        UploadRequest request = request(file(), journalPath);
        if (resume) {
          return upload(client, request, uploader::resume);
        }
        if (restart && journalPath != null) {
          forget(uploader, journalPath);
        }
        if (options.verbose) {
          context.err().println("Plan: " + PrintedText.plain(uploader.validate(request).toString()));
        }
        if (request.purpose() == Purpose.BATCH && request.contentChecks()) {
          uploader.validate(request); // what is wrong with the request itself is said first
          BatchLimits.check(file());
        }
        return upload(client, request, uploader::start);
      }
    } catch (UploadValidationException e) {
      String hint = switch (e.code()) {
        case JOURNAL_EXISTS -> " (add --resume to continue it, or --restart to start over)";
        // --restart forgets a journal only: it cannot start over from a file that is not one
        case JOURNAL_INVALID -> !resume ? "" : journal != null
            ? " (give --journal the path of the upload's journal, or, to start over, a new path without --resume)"
            : " (to start over, delete that file and run again without --resume)";
        case JOURNAL_MISSING, JOURNAL_IN_USE, SOURCE_CHANGED, UPLOAD_EXPIRED ->
            resume ? " (run again with --restart instead of --resume to start over)" : "";
        default -> "";
      };
      context.err().println("openai-uploads: " + PrintedText.plain(e.getMessage()) + hint);
      if (options.json && paths.size() == 1) {
        new ResultLines(context, true).failedAsJson(paths.get(0), e, ExitCodes.USAGE);
      }
      if (options.verbose) {
        e.printStackTrace(context.err());
      }
      return ExitCodes.USAGE;
    } catch (java.io.IOException e) {
      return Failures.report(context, options.verbose, e, ExitCodes.USAGE);
    } catch (IllegalStateException | IllegalArgumentException e) {
      return Failures.report(context, options.verbose, e, ExitCodes.USAGE);
    } finally {
      if (fakeServer != null) {
        fakeServer.close();
      }
    }
  }

  /** The file of a single-file upload. */
  private Path file() {
    return paths.get(0);
  }

  /** Refuses options that do not go together, before anything starts. */
  private void checkOptions() {
    if (resume && restart) {
      throw new IllegalArgumentException("--resume and --restart cannot be used together");
    }
    if (resume && (noJournal || fake)) {
      throw new IllegalArgumentException("--resume needs a journal: it cannot be used with --no-journal or --fake");
    }
    io.github.uploadkit.openai.uploads.UploadLimits limits = io.github.uploadkit.openai.uploads.UploadLimits.defaults();
    inRange("--jobs", jobs, 1, 64, "");
    inRange("--concurrency", concurrency, 1, limits.maxConcurrency(), "");
    inRange("--max-retries", maxRetries, 0, 100, ""); // RetryPolicy's bounds
    inRange("--part-size", partSize, 1, limits.maxPartBytes(), " bytes (64MiB at most)");
    inRange("--expires-after", expiresAfter == null ? null : expiresAfter.getSeconds(),
        limits.minExpiresAfter().getSeconds(), limits.maxExpiresAfter().getSeconds(), " seconds (1h to 30d)");
    if (patterns.any() && !PathArguments.several(paths)) {
      throw new IllegalArgumentException("--include and --exclude choose among a directory's files: give a directory");
    }
    if (dryRun && (resume || restart)) {
      throw new IllegalArgumentException("--dry-run sends nothing: it cannot be used with --resume or --restart");
    }
    if (PathArguments.several(paths) && (filename != null || journal != null)) {
      throw new IllegalArgumentException((filename != null ? "--filename" : "--journal")
          + " names one file's; with several files each keeps its own name and journal");
    }
  }

  /** Refuses a numeric option's value out of its range, naming the option. */
  private static void inRange(String option, Number value, long min, long max, String unit) {
    if (value != null && (value.longValue() < min || value.longValue() > max)) {
      throw new IllegalArgumentException(option + " must be " + min + " to " + max + unit + ", but was " + value);
    }
  }

  /** The journal to keep or resume from; null with --no-journal or --fake (its server dies with the process). */
  private Path journalPath() throws java.io.IOException {
    if (noJournal || fake) {
      return null;
    }
    if (journal != null) {
      return journal;
    }
    Path file = file();
    Path existing = JournalLocation.existing(file, context);
    return existing != null ? existing
        : resume ? JournalLocation.inStateFolder(file, context) : JournalLocation.forNewUpload(file, context);
  }

  /** For --restart: cancels the journal's Upload (best effort) and deletes the journal. */
  void forget(Uploader uploader, Path journalPath) {
    if (!java.nio.file.Files.exists(journalPath, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      String uploadId = uploader.abandon(journalPath);
      if (!quiet) {
        context.err().println("Cancelled the unfinished Upload " + PrintedText.plain(uploadId) + "; starting over.");
      }
    } catch (io.github.uploadkit.openai.uploads.UploadException e) {
      if (!quiet) {
        context.err().println("Starting over; the old Upload could not be cancelled (" + PrintedText.plain(e.getMessage())
            + ").");
      }
    }
  }

  /** The request for one file, with the command's options. */
  UploadRequest request(Path file, Path journalPath) {
    UploadRequest.Builder request = UploadRequest.builder(file, Purpose.fromValue(purpose)).md5(!noMd5)
        .journal(journalPath)
        .contentChecks(!noCheck);
    if (mimeType != null) {
      request.mimeType(mimeType);
    }
    if (filename != null) {
      request.filename(filename);
    }
    if (partSize != null) {
      request.partSize(partSize);
    }
    if (concurrency != null) {
      request.concurrency(concurrency);
    }
    if (expiresAfter != null) {
      request.expiresAfter(expiresAfter);
    }
    return request.build();
  }

  private int upload(OpenAiClient client, UploadRequest request,
      java.util.function.Function<UploadRequest, UploadHandle> starter) {
    String name = request.filename().map(PrintedText::plain).orElseGet(() -> PrintedText.plain(file().getFileName()));
    ProgressDisplay display = quiet ? null
        : ProgressDisplay.create(context.screen(), options.verbose, name, context.err());
    UploadHandle handle = starter.apply(display == null ? request : request.toBuilder().listener(display).build());
    Thread onSignal = new Thread(() -> cancelOnSignal(handle), "openai-uploads-interrupt");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      UploadResult result = handle.join();
      if (display != null) {
        display.finish(handle.progress(), true);
      }
      context.out().println(options.json
          ? client.moshi().adapter(OpenAIFile.class).indent("  ").toJson(result.file())
          : PrintedText.plain(result.fileId()));
      return ExitCodes.OK;
    } catch (UploadException e) {
      if (display != null) {
        display.finish(handle.progress(), false);
      }
      // after Ctrl-C the hook reports the cancel, once
      int code = interrupted ? ExitCodes.of(e) : Failures.report(context, options.verbose, e, ExitCodes.of(e));
      if (options.json) {
        new ResultLines(context, true).failedAsJson(file(), e, code);
      }
      if (e instanceof io.github.uploadkit.openai.uploads.ContentCheckException refused) {
        context.err().println("openai-uploads: " + Failures.contentHint(refused.report()));
      }
      return code;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it cancels the Upload
      }
    }
  }

  /** On Ctrl-C: cancels the Upload on the server before the process exits. */
  private void cancelOnSignal(UploadHandle handle) {
    if (handle.completionFuture().isDone()) {
      return;
    }
    interrupted = true; // before the cancel, so the thread that hears of it leaves the report to this hook
    handle.cancel();
    try {
      handle.completionFuture().get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e.getCause() instanceof UploadException cancelled) {
        context.err().println("openai-uploads: interrupted: the upload was " + PrintedText.plain(Failures.words(cancelled)));
        return;
      }
    }
    context.err().println("openai-uploads: interrupted");
  }
}
