package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadPlan;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadResult;
import io.github.uploadkit.openai.uploads.Uploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code upload PATH...} with several files: every file validated before the first request,
 * then up to {@code --jobs} at once through one {@link Uploader}, a result line per file as it
 * ends, one status display, a summary, and the exit code of the most severe failure.
 */
final class ManyUploads {
  /** One file of the run: its request, or the File id an earlier run made of it. */
  private record Job(Path file, UploadRequest request, boolean resumes, String earlierFileId, long size, UploadPlan plan) {
  }

  private record Ended(Job job, UploadResult result, Throwable error) {
  }

  /** A file the content checks refused: the problems, a line each. */
  private static final class ContentRefused extends RuntimeException {
    final transient PathArguments.Refusal refusal;

    ContentRefused(PathArguments.Refusal refusal) {
      super(refusal.reason(), null, false, false);
      this.refusal = refusal;
    }
  }

  /** Which failure decides the exit code when several happen: a higher rank wins. */
  static int severity(int exitCode) {
    return switch (exitCode) {
      case ExitCodes.INTERRUPTED -> 4;
      case ExitCodes.API_ERROR -> 3;
      case ExitCodes.NETWORK -> 2;
      case ExitCodes.OK -> 0;
      default -> 1;
    };
  }

  private final UploadCommand command;
  private final CliContext context;
  private final ResultLines lines;
  private int exitCode = ExitCodes.OK;
  // written by the main thread only; volatile for the Ctrl-C hook, which may have to print the summary
  private volatile int uploaded;
  private volatile int earlier;
  private volatile int failed;
  private volatile int skipped;
  private volatile int cancelled;
  private volatile long sendingFrom;
  private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch summarized = new java.util.concurrent.CountDownLatch(1);
  /**
   * No more uploads start: set by --fail-fast or Ctrl-C under the lock of the running map, which
   * a start also holds, so that every upload that starts is seen and cancelled.
   */
  private volatile boolean stopping;

  ManyUploads(UploadCommand command, CliContext context, ResultLines lines) {
    this.command = command;
    this.context = context;
    this.lines = lines;
  }

  int run(Uploader uploader, List<Path> arguments) throws IOException {
    PathArguments.Expansion found = command.patterns.expand(arguments, command.recursive);
    if (!command.fake && !command.dryRun) { // made here, so that a failure says what to do
      JournalLocation.makeStateFolder(JournalLocation.stateFolder(context).resolve("runs"), false);
    }
    RunManifest manifest = command.fake || command.dryRun ? null
        : RunManifest.open(context, command.purpose, command.recursive, arguments, command.resume, found.files());
    try {
      return run(uploader, found, manifest);
    } finally {
      if (manifest != null) {
        manifest.close();
      }
    }
  }

  private int run(Uploader uploader, PathArguments.Expansion found, RunManifest manifest) throws IOException {
    List<PathArguments.Refusal> refusals = new ArrayList<>(found.refusals());
    Deque<Job> jobs = new ArrayDeque<>();
    for (Path file : found.files()) {
      String doneBefore = manifest == null ? null : manifest.doneEarlier(file);
      if (doneBefore != null) {
        jobs.add(new Job(file, null, false, doneBefore, Files.size(file), null));
        continue;
      }
      try {
        jobs.add(prepare(uploader, file));
      } catch (ContentRefused e) {
        refusals.add(e.refusal);
      } catch (IllegalArgumentException | IOException e) { // UploadValidationException included
        refusals.add(new PathArguments.Refusal(file, e.getMessage()));
      }
    }
    if (!refusals.isEmpty()) {
      refusals.forEach(refusal -> context.err().println(ResultLines.plain(refusal)));
      skipped = refusals.size();
      refusals.forEach(lines::invalid);
      if (!command.skipInvalid && !command.dryRun) {
        context.err().println("openai-uploads: nothing was sent: " + refusals.size() + " of the paths given "
            + (refusals.size() == 1 ? "was" : "were") + " refused (fix them, or add --skip-invalid to upload the rest)");
        return ExitCodes.USAGE;
      }
      exitCode = ExitCodes.USAGE;
    }
    if (command.dryRun) {
      return dryRun(jobs);
    }
    if (command.restart) {
      for (Job job : jobs) {
        job.request().journal().filter(Files::exists).ifPresent(journal -> command.forget(uploader, journal));
      }
    }
    if (manifest != null) {
      manifest.begin();
    }
    List<Job> toSend = jobs.stream().filter(job -> job.earlierFileId() == null).toList();
    RunDisplay display = new RunDisplay(context, command.quiet, toSend.size(),
        toSend.stream().mapToLong(Job::size).sum());
    lines.display(display);
    sendingFrom = System.nanoTime();
    finish(runAll(uploader, jobs, display, manifest), display);
    return exitCode;
  }

  /**
   * Ends the run's output, once (the main thread, or the Ctrl-C hook when the run does not end
   * in time): the files not started, each named, then the summary.
   */
  private void finish(List<Job> notStarted, RunDisplay display) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    display.close();
    notStarted.forEach(job -> lines.notStarted(job.file()));
    if (!command.quiet) {
      double seconds = (System.nanoTime() - sendingFrom) / 1e9;
      context.err().println(String.format(java.util.Locale.ROOT,
          "openai-uploads: %d uploaded%s, %d failed, %d refused%s%s; %s sent in %.1f s", uploaded,
          earlier > 0 ? " (" + earlier + " of them by an earlier run)" : "", failed, skipped,
          cancelled > 0 ? ", " + cancelled + " cancelled" : "",
          notStarted.isEmpty() ? "" : ", " + notStarted.size() + " not started",
          ProgressDisplay.bytes(display.bytesDone()), seconds));
    }
    summarized.countDown();
  }

  /** For --dry-run: a line per file that would be sent, and what they come to; nothing is sent. */
  private int dryRun(Deque<Job> jobs) {
    long bytes = 0;
    int files = 0;
    for (Job job : jobs) {
      if (job.earlierFileId() != null) {
        lines.wouldSkip(job.file(), job.earlierFileId(), job.size());
        continue;
      }
      files++;
      bytes += job.plan().bytes();
      lines.wouldSend(job.file(), job.plan());
    }
    // --skip-invalid is named only when it would send something
    context.err().println("openai-uploads: dry run: " + (files == 0 && skipped > 0
        ? "nothing would be sent: " + skipped + (skipped == 1 ? " path was" : " paths were") + " refused (see above)"
        : files + (files == 1 ? " file" : " files") + ", " + ProgressDisplay.bytes(bytes) + ", would be sent"
            + (skipped == 0 ? "" : command.skipInvalid ? " (" + skipped + " refused)"
                : " with --skip-invalid (" + skipped + " refused)"))
        + "; nothing was sent");
    return exitCode;
  }

  private Job prepare(Uploader uploader, Path file) throws IOException {
    Path journal = command.noJournal || command.fake ? null : JournalLocation.existing(file, context);
    boolean resumes = journal != null && command.resume;
    if (journal != null && !command.resume && !command.restart) {
      throw new IllegalArgumentException("an unfinished upload of it has a journal at " + journal
          + " (add --resume to continue it, or --restart to start over)");
    }
    if (journal == null && !command.noJournal && !command.fake && !command.dryRun) {
      journal = JournalLocation.forNewUpload(file, context);
    }
    UploadRequest request = command.request(file, journal);
    UploadPlan plan = null;
    if (!resumes) { // with --restart the old journal is still there: it goes just before the start
      plan = uploader.validate(command.restart ? request.toBuilder().journal(null).build() : request);
    }
    if (request.contentChecks()) {
      // checked now, with every other file, so that a file they refuse is refused before anything is sent
      ContentReport report = uploader.check(request);
      if (!report.clean()) {
        List<String> details = new ArrayList<>();
        report.problems().forEach(problem -> details.add(problem.toString()));
        details.add("(" + Failures.contentHint(report) + ")");
        throw new ContentRefused(new PathArguments.Refusal(file, "the content checks found "
            + report.describe().lines().findFirst().orElse("").replaceFirst(" found", ""), details));
      }
      request = request.toBuilder().contentChecks(false).build();
    }
    return new Job(file, request, resumes, null, Files.size(file), plan);
  }

  /** Uploads the jobs, up to --jobs at once; returns those never started (after --fail-fast or an interrupt). */
  private List<Job> runAll(Uploader uploader, Deque<Job> jobs, RunDisplay display, RunManifest manifest) {
    for (java.util.Iterator<Job> it = jobs.iterator(); it.hasNext(); ) {
      Job job = it.next();
      if (job.earlierFileId() != null) {
        it.remove();
        earlier++;
        succeeded(job, job.earlierFileId(), job.size(), true, display);
      }
    }
    List<Job> notStarted = new ArrayList<>();
    BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    Map<Job, UploadHandle> running = new LinkedHashMap<>();
    Thread onSignal = new Thread(() -> {
      int[] cancelled = cancelAll(running);
      List<Job> left;
      synchronized (running) {
        left = new ArrayList<>(notStarted);
        left.addAll(jobs);
      }
      context.err().println("openai-uploads: interrupted; " + cancelled[0] + " of " + cancelled[1] + " unfinished"
          + " uploads cancelled on the server, " + left.size() + " not started (left alone)");
      // the run reports the cancelled files as they end, then its summary: a moment once the cancels are over
      try {
        if (summarized.await(2, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finish(left, display); // the run is still waiting for a cancel: the summary as things stand
    }, "openai-uploads-interrupt");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      while (!jobs.isEmpty() || !running.isEmpty()) {
        while (!stopping && running.size() < command.jobs && !jobs.isEmpty()) {
          Job job = jobs.peek();
          try {
            UploadHandle handle;
            synchronized (running) { // so that Ctrl-C either sees this upload to cancel it, or stops it starting
              if (stopping) {
                break;
              }
              jobs.poll();
              UploadRequest request = job.request().toBuilder().listener(display.listenerFor(job.file())).build();
              handle = job.resumes() ? uploader.resume(request) : uploader.start(request);
              running.put(job, handle);
            }
            handle.completionFuture().whenComplete((result, error) -> ended.add(new Ended(job, result, error)));
          } catch (RuntimeException e) {
            ended.add(new Ended(job, null, e));
            synchronized (running) {
              running.put(job, null);
            }
          }
        }
        if (running.isEmpty()) { // stopped: the jobs left are not started
          synchronized (running) { // as the Ctrl-C hook reads them
            notStarted.addAll(jobs);
            jobs.clear();
          }
          break;
        }
        Ended done = ended.take();
        synchronized (running) {
          running.remove(done.job());
        }
        if (!report(done, display, manifest) && command.failFast && !stopping) {
          cancelAll(running);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelAll(running);
      synchronized (running) {
        notStarted.addAll(jobs);
        jobs.clear();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it cancels the Uploads
      }
    }
    return notStarted;
  }

  /** Reports a file done with {@code size} bytes: what was sent (or recorded by the earlier run), not what was found. */
  private void succeeded(Job job, String fileId, long size, boolean byEarlierRun, RunDisplay display) {
    uploaded++;
    if (!byEarlierRun) {
      display.fileEnded(job.file(), size, true);
    }
    lines.completed(job.file(), fileId, size, byEarlierRun);
  }

  /** Reports one ended file; returns whether it succeeded. */
  private boolean report(Ended done, RunDisplay display, RunManifest manifest) {
    Path file = done.job().file();
    if (done.error() == null) {
      try {
        if (manifest != null) {
          manifest.recordDone(file, done.result().fileId());
        }
      } catch (IOException e) {
        display.println(context.err(), "openai-uploads: " + PrintedText.plain(file) + PrintedText.plain(
            " was uploaded but the run's record at " + manifest.path() + " could not be written (" + e.getMessage()
            + "): --resume would upload it again"));
      }
      succeeded(done.job(), done.result().fileId(), done.result().upload().bytes(), false, display);
      return true;
    }
    display.fileEnded(file, done.job().size(), false);
    Throwable error = unwrapped(done.error());
    int code = error instanceof UploadException e ? ExitCodes.of(e) : ExitCodes.USAGE;
    if (stopping && error instanceof UploadException e && e.reason() == UploadException.Reason.CANCELLED) {
      cancelled++; // by --fail-fast: the first failure decides the exit code
    } else {
      failed++;
      if (severity(code) > severity(exitCode)) {
        exitCode = code;
      }
    }
    lines.failed(file, error, code);
    return false;
  }

  /** What a future's failure is, whether or not a stage wrapped it in a {@link CompletionException}. */
  private static Throwable unwrapped(Throwable error) {
    return error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error;
  }

  /**
   * Cancels every running upload and waits, at most 15 s, for the server to cancel them; returns
   * how many the server confirmed cancelled, and how many there were.
   */
  private int[] cancelAll(Map<Job, UploadHandle> running) {
    List<UploadHandle> handles;
    synchronized (running) {
      stopping = true;
      handles = running.values().stream().filter(java.util.Objects::nonNull).toList();
    }
    handles.forEach(UploadHandle::cancel);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int confirmed = 0;
    for (UploadHandle handle : handles) {
      try {
        Throwable error = handle.completionFuture().handle((r, e) -> e)
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (unwrapped(error) instanceof UploadException e && e.cancelledOnServer()) {
          confirmed++;
        }
      } catch (Exception e) {
        // not confirmed in time: the uploader's close cancels what is left
      }
    }
    return new int[] {confirmed, handles.size()};
  }
}
