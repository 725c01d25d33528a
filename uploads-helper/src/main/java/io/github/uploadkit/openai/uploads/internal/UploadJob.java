package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.FileExpirationAfter;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.client.model.UploadPart;
import io.github.uploadkit.openai.uploads.ContentCheckException;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadProgress;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.RequestBody;
import retrofit2.Call;

/**
 * One running upload: creates the Upload, sends the parts with at most {@code concurrency} in
 * flight, computes the md5 alongside, completes, and on any failure stops every part and cancels
 * the Upload on the server once. A coordinator thread runs the steps; workers run on the
 * caller's executor or on a pool of the job's own that it shuts down at the end.
 */
public final class UploadJob implements UploadHandle {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(30);
  private static final int CANCEL_ATTEMPTS = 4;

  private final OpenAiClient client;
  private final ValidatedUpload upload;
  private final Executor callerExecutor;
  private final SafeListener listener;
  private final RetryRules retryRules;
  private final ProgressTracker progress;
  private final CompletableFuture<UploadResult> future = new CompletableFuture<>();
  private final Set<Call<?>> activeCalls = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final AtomicInteger nextPart = new AtomicInteger();
  private final String[] partIds;
  private final Object sleeper = new Object();
  private volatile String uploadId;
  private volatile UploadJournal journal;

  /** The first failure, which decides how the upload ends. */
  private record Failure(Reason reason, Integer part, int attempts, String detail, Throwable cause) {
  }

  /** Thrown inside the job to unwind to the coordinator once a failure is recorded. */
  private static final class Stopped extends Exception {
    Stopped() {
      super(null, null, false, false);
    }
  }

  public UploadJob(OpenAiClient client, ValidatedUpload upload, Executor callerExecutor) {
    this.client = client;
    this.upload = upload;
    this.callerExecutor = callerExecutor;
    this.listener = new SafeListener(upload.listener());
    this.retryRules = new RetryRules(upload.retryPolicy(), () -> ThreadLocalRandom.current().nextDouble());
    this.progress = new ProgressTracker(upload.size(), upload.plan().partCount());
    this.partIds = new String[upload.plan().partCount()];
  }

  /** Starts the coordinator thread and returns this handle. */
  public UploadJob start() {
    Thread coordinator = new Thread(this::run, "openai-upload-" + SEQUENCE.incrementAndGet());
    coordinator.start();
    return this;
  }

  private void run() {
    ExecutorService ownPool = null;
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    try {
      boolean checkFirst = upload.inspector() != null && upload.plan().partCount() == 1
          && !upload.source().sequentialOnly() && upload.resumeFrom() == null;
      String md5 = null;
      if (checkFirst) {
        md5 = scan(); // one part: check before anything is created
        checkContent();
      }
      if (upload.resumeFrom() != null) {
        resume(upload.resumeFrom());
      } else {
        SourceFingerprint fingerprint = upload.journalPath() == null ? null : fingerprint();
        Upload created = call(null, () -> client.uploads().createUpload(createRequest()));
        uploadId = created.id();
        if (fingerprint != null) {
          startJournal(created, fingerprint);
        }
        listener.onCreated(created);
      }
      int workerCount = Math.min(upload.concurrency(), upload.plan().partCount());
      Executor executor = callerExecutor;
      if (executor == null) {
        ownPool = Executors.newFixedThreadPool(workerCount, r -> new Thread(r, Thread.currentThread().getName() + "-part"));
        executor = ownPool;
      }
      for (int i = 0; i < workerCount; i++) {
        workers.add(CompletableFuture.runAsync(this::sendParts, executor));
      }
      if (!checkFirst && (upload.md5() || upload.inspector() != null) && !upload.source().sequentialOnly()) {
        md5 = scan(); // alongside the parts
      }
      awaitAll(workers);
      stopIfFailed();
      if (!checkFirst && upload.inspector() != null) {
        checkContent();
      }
      checkSource(null);
      if (upload.md5() && upload.source().sequentialOnly()) {
        md5 = upload.source().digestOfReadBytes();
      }
      succeed(complete(upload.md5() ? md5 : null), upload.md5() ? md5 : null);
    } catch (Stopped stopped) {
      awaitAll(workers);
      end(failure.get());
    } catch (RuntimeException | Error unexpected) {
      record(new Failure(Reason.API_ERROR, null, 0, "unexpected error: " + unexpected, unexpected));
      awaitAll(workers);
      end(failure.get());
    } finally {
      if (ownPool != null) {
        ownPool.shutdownNow();
      }
    }
  }

  private SourceFingerprint fingerprint() throws Stopped {
    try {
      return SourceFingerprint.of(((FilePartSource) upload.source()).path());
    } catch (IOException e) {
      throw record(new Failure(Reason.SOURCE_ERROR, null, 0, "the source cannot be read: " + e.getMessage(), e));
    }
  }

  private void startJournal(Upload created, SourceFingerprint fingerprint) throws Stopped {
    try {
      journal = UploadJournal.create(upload.journalPath(), created.id(), created.expiresAt(), fingerprint, upload);
    } catch (IOException e) {
      throw record(new Failure(Reason.SOURCE_ERROR, null, 0, "the journal " + upload.journalPath()
          + " cannot be written: " + e.getMessage(), e));
    }
  }

  /** Takes up a journal's Upload: its id, and its stored parts as already sent. */
  private void resume(UploadJournal from) {
    journal = from;
    uploadId = from.uploadId();
    List<PartRange> parts = upload.plan().parts();
    from.parts().forEach((number, partId) -> {
      partIds[number - 1] = partId;
      progress.addBytes(parts.get(number - 1).length());
      progress.partCompleted();
    });
  }

  private CreateUploadRequest createRequest() {
    CreateUploadRequest.Builder request = CreateUploadRequest.builder()
        .filename(upload.filename())
        .purpose(CreateUploadRequest.PurposeEnum.fromValue(upload.purpose().value()))
        .bytes(upload.size())
        .mimeType(upload.mimeType());
    if (upload.expiresAfterSeconds() != null) {
      request.expiresAfter(FileExpirationAfter.builder()
          .anchor(FileExpirationAfter.AnchorEnum.CREATED_AT)
          .seconds(upload.expiresAfterSeconds())
          .build());
    }
    return request.build();
  }

  private void sendParts() {
    PartBuffer buffer = new PartBuffer();
    List<PartRange> parts = upload.plan().parts();
    while (failure.get() == null && !holdingParts()) {
      int index = nextPart.getAndIncrement();
      if (index >= parts.size()) {
        return;
      }
      PartRange part = parts.get(index);
      if (partIds[index] != null) {
        continue; // stored before a resume
      }
      try {
        RequestBody bytes;
        try {
          bytes = upload.source().body(part, buffer, this::stopping);
        } catch (IOException e) {
          stopIfFailed();
          throw record(new Failure(Reason.SOURCE_ERROR, part.number(), 0, e.getMessage(), e));
        }
        CountingRequestBody counted = new CountingRequestBody(bytes, this::countBytes);
        UploadPart stored = call(part, () -> client.uploads().addUploadPart(
            uploadId, PartBodies.part(upload.filename(), counted)), counted);
        partIds[index] = stored.id();
        journalPart(part, stored.id());
        progress.partCompleted();
        listener.onPartCompleted(part, stored.id(), progress.snapshot());
      } catch (Stopped stopped) {
        return;
      } catch (RuntimeException | Error unexpected) {
        record(new Failure(Reason.API_ERROR, part.number(), 0, "unexpected error: " + unexpected, unexpected));
        return;
      }
    }
  }

  private void journalPart(PartRange part, String partId) throws Stopped {
    if (journal == null) {
      return;
    }
    try {
      journal.recordPart(part.number(), partId);
    } catch (IOException e) {
      throw record(new Failure(Reason.SOURCE_ERROR, part.number(), 0, "the journal " + journal.file()
          + " cannot be written: " + e.getMessage(), e));
    }
  }

  private void countBytes(long delta) {
    progress.addBytes(delta);
    listener.onBytesTransferred(delta, progress.snapshot());
  }

  /** Fails the upload with the content report when the checks found problems. */
  private void checkContent() throws Stopped {
    ContentReport report = upload.inspector().finish();
    if (!report.clean()) {
      throw record(new Failure(Reason.CONTENT_INVALID, null, 0, report.describe(),
          new ContentCheckException(upload.filename(), report)));
    }
  }

  private boolean holdingParts() {
    return upload.inspector() != null && upload.inspector().failed();
  }

  private String scan() throws Stopped {
    try {
      String md5 = upload.source().scan(this::stopping);
      stopIfFailed();
      return md5;
    } catch (IOException e) {
      stopIfFailed();
      throw record(new Failure(Reason.SOURCE_ERROR, null, 0, e.getMessage(), e));
    }
  }

  private Upload complete(String md5) throws Stopped {
    CompleteUploadRequest request = CompleteUploadRequest.builder()
        .partIds(Arrays.asList(partIds))
        .md5(md5)
        .build();
    Upload completed = call(null, () -> client.uploads().completeUpload(uploadId, request));
    if (completed.status() != Upload.StatusEnum.COMPLETED || completed.file() == null) {
      throw record(new Failure(Reason.VERIFICATION_FAILED, null, 1, "completion returned status "
          + completed.status() + (completed.file() == null ? " and no File" : ""), null));
    }
    if (completed.file().bytes() == null || completed.file().bytes() != upload.size()) {
      throw record(new Failure(Reason.VERIFICATION_FAILED, null, 1, "the File has "
          + completed.file().bytes() + " bytes but " + upload.size() + " were sent", null));
    }
    return completed;
  }

  private <T> T call(PartRange part, java.util.function.Supplier<Call<T>> newCall) throws Stopped {
    return call(part, newCall, null);
  }

  /** Runs one request with retries; records a failure and throws {@link Stopped} when it gives up. */
  private <T> T call(PartRange part, java.util.function.Supplier<Call<T>> newCall, CountingRequestBody counted)
      throws Stopped {
    Integer partNumber = part == null ? null : part.number();
    for (int attempt = 1; ; attempt++) {
      stopIfFailed();
      if (part != null) {
        checkSource(part);
        listener.onPartStarted(part, attempt);
      }
      Call<T> call = newCall.get();
      activeCalls.add(call);
      Exception error;
      try {
        if (failure.get() != null) {
          call.cancel();
        }
        return client.execute(call);
      } catch (IOException | OpenAiApiException e) {
        error = e;
      } finally {
        activeCalls.remove(call);
      }
      if (counted != null) {
        counted.takeBack();
      }
      stopIfFailed();
      if (error instanceof SourceException) {
        throw record(new Failure(Reason.SOURCE_ERROR, partNumber, attempt, error.getMessage(), error));
      }
      if (isExpired(error)) {
        throw record(new Failure(Reason.EXPIRED, partNumber, attempt,
            "the server no longer accepts it (" + error.getMessage() + ")", error));
      }
      if (!RetryRules.isRetryable(error)) {
        throw record(new Failure(Reason.API_ERROR, partNumber, attempt, error.getMessage(), error));
      }
      if (attempt > retryRules.policy().maxRetries()) {
        throw record(new Failure(Reason.RETRIES_EXHAUSTED, partNumber, attempt, error.getMessage(), error));
      }
      Duration delay = retryRules.delay(attempt, error);
      progress.retried();
      listener.onRetryScheduled(part, attempt, delay, error);
      sleep(delay);
    }
  }

  private static boolean isExpired(Exception error) {
    if (!(error instanceof OpenAiApiException api) || api.statusCode() >= 500) {
      return false;
    }
    String text = (api.errorMessage() + " " + api.errorCode()).toLowerCase(java.util.Locale.ROOT);
    return text.contains("expired");
  }

  private void checkSource(PartRange part) throws Stopped {
    try {
      upload.source().checkUnchanged();
    } catch (SourceException e) {
      throw record(new Failure(Reason.SOURCE_ERROR, part == null ? null : part.number(), 0, e.getMessage(), e));
    }
  }

  private void sleep(Duration delay) throws Stopped {
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (sleeper) {
      long left;
      while (failure.get() == null && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(sleeper, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw record(new Failure(Reason.INTERRUPTED, null, 0, "a worker thread was interrupted", e));
        }
      }
    }
    stopIfFailed();
  }

  private boolean stopping() {
    return failure.get() != null;
  }

  private void stopIfFailed() throws Stopped {
    if (failure.get() != null) {
      throw new Stopped();
    }
  }

  /** Records the first failure, aborts the calls in flight and wakes sleepers; returns what to throw. */
  private Stopped record(Failure candidate) {
    if (failure.compareAndSet(null, candidate)) {
      activeCalls.forEach(Call::cancel);
      synchronized (sleeper) {
        sleeper.notifyAll();
      }
    }
    return new Stopped();
  }

  private static void awaitAll(List<CompletableFuture<Void>> workers) {
    for (CompletableFuture<Void> worker : workers) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        // workers record their own failures
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void succeed(Upload completed, String md5) {
    if (journal != null) {
      journal.delete();
    }
    UploadResult result = new UploadResult(completed, completed.file(), md5, Arrays.asList(partIds),
        progress.retries(), progress.elapsed());
    listener.onCompleted(result);
    future.complete(result);
  }

  private void end(Failure cause) {
    boolean cancelled = uploadId != null && cancelOnServer();
    String detail = cause.detail();
    if (journal != null) {
      if (cancelled) {
        journal.delete();
      } else {
        detail = (detail == null ? "" : detail + "; ") + "resume it with the journal at " + journal.file();
      }
    }
    UploadException error = new UploadException(cause.reason(), uploadId, cause.part(), cause.attempts(),
        cancelled, detail, cause.cause());
    if (cause.reason() == Reason.CANCELLED || cause.reason() == Reason.INTERRUPTED) {
      listener.onCancelled(error);
    } else {
      listener.onFailed(error);
    }
    future.completeExceptionally(error);
  }

  /**
   * Cancels the Upload on the server, once, best effort: transient failures are retried as the
   * policy says (at most {@value #CANCEL_ATTEMPTS} attempts), anything else gives up.
   */
  private boolean cancelOnServer() {
    for (int attempt = 1; ; attempt++) {
      try {
        Upload cancelled = client.execute(client.uploads().cancelUpload(uploadId));
        return cancelled.status() == Upload.StatusEnum.CANCELLED;
      } catch (IOException | RuntimeException e) {
        if (attempt >= Math.min(CANCEL_ATTEMPTS, retryRules.policy().maxRetries() + 1) || !RetryRules.isRetryable(e)) {
          return false;
        }
        try {
          Thread.sleep(retryRules.delay(attempt, e).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  @Override
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  @Override
  public UploadProgress progress() {
    return progress.snapshot();
  }

  @Override
  public CompletableFuture<UploadResult> completionFuture() {
    return future.copy();
  }

  @Override
  public void cancel() {
    if (!future.isDone()) {
      record(new Failure(Reason.CANCELLED, null, 0, "cancel() was called", null));
    }
  }

  @Override
  public UploadResult join() {
    try {
      return future.get();
    } catch (InterruptedException e) {
      record(new Failure(Reason.INTERRUPTED, null, 0, "the waiting thread was interrupted", e));
      try {
        return future.get(JOIN_AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | InterruptedException | TimeoutException again) {
        throw unwrap(again);
      } finally {
        Thread.currentThread().interrupt();
      }
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private RuntimeException unwrap(Exception e) {
    if (e instanceof ExecutionException && e.getCause() instanceof UploadException upload) {
      return upload;
    }
    return new UploadException(Reason.INTERRUPTED, uploadId, null, 0, false, "gave up waiting: " + e, e);
  }
}
