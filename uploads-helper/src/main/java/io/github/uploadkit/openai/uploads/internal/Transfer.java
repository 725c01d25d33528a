package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.FileExpirationAfter;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import retrofit2.Call;

/**
 * The steps of one upload on the shared engine, as a state machine driven by the engine's
 * threads: check first (a single part with content checks), create the Upload (or take it from a
 * journal), send the parts while one scan computes the md5 and runs the checks, then hand over
 * to the {@link Finisher}. The first failure stops everything: parts in flight are cancelled,
 * waiting ones dropped, and once nothing of the upload runs the finisher cancels the Upload on
 * the server. Nothing here blocks a thread except the HTTP calls themselves.
 */
final class Transfer {
  /** Whether the scheduler's ring holds this upload; guarded by the scheduler. */
  boolean queued;
  final PartQueue parts;

  private final Engine engine;
  private final ValidatedUpload upload;
  private final SafeListener listener;
  private final RetryRules retryRules;
  private final ProgressTracker progress;
  private final Finisher finisher;
  private final TransferHandle handle;
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final java.util.Set<Call<?>> activeCalls = ConcurrentHashMap.newKeySet();
  private final Map<RetryingRequest<?>, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
  private final boolean checkFirst;
  private final boolean scans;
  private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean finishing = new java.util.concurrent.atomic.AtomicBoolean();
  private boolean scanDone;
  private boolean completing;
  private String md5;
  private volatile String uploadId;
  private volatile long expiresAt;
  private volatile long createdAt;
  private volatile UploadJournal journal;
  private volatile JournalLock lock;

  Transfer(Engine engine, ValidatedUpload upload) {
    this.engine = engine;
    this.upload = upload;
    this.listener = new SafeListener(upload.listener());
    this.retryRules = new RetryRules(upload.retryPolicy(), () -> ThreadLocalRandom.current().nextDouble());
    this.progress = new ProgressTracker(upload.size(), upload.plan().partCount(), listener);
    this.parts = new PartQueue(this, upload);
    this.finisher = new Finisher(this, upload);
    this.handle = new TransferHandle(this);
    boolean sequential = upload.source().sequentialOnly();
    this.checkFirst = upload.inspector() != null && upload.plan().partCount() == 1 && !sequential
        && upload.resumeFrom() == null;
    this.scans = !sequential && (upload.md5() || upload.inspector() != null);
  }

  TransferHandle handle() {
    return handle;
  }

  /** Takes the journal's lock before anything is sent; throws if another upload holds it. */
  void lockJournal() {
    if (upload.journalPath() != null) {
      lock = JournalLock.take(upload.journalPath());
    }
  }

  /** Releases the journal's lock once the upload is over. */
  void unlockJournal() {
    JournalLock held = lock;
    if (held != null) {
      held.close();
    }
  }

  /** Takes the first step; everything after runs on the engine's threads. */
  void start() {
    try {
      if (checkFirst) {
        startScan();
      } else if (upload.resumeFrom() != null) {
        resume(upload.resumeFrom());
      } else {
        create();
      }
    } catch (RuntimeException | Error e) {
      fail(Failure.of(Reason.API_ERROR, "unexpected error: " + e, e));
    }
  }

  private void create() {
    SourceFingerprint fingerprint = upload.journalPath() == null ? null : fingerprint();
    if (stopping()) {
      return;
    }
    submitControl(new RetryingRequest<>(this, RetryingRequest.Kind.CREATE, null, 0,
        () -> client().uploads().createUpload(createRequest()), new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(Upload created) throws IOException {
            created(created, fingerprint);
          }

          @Override
          public void failed(Failure failure) {
            fail(failure);
          }
        }));
  }

  private void created(Upload created, SourceFingerprint fingerprint) throws MalformedResponseException {
    uploadId = requireField(created.id(), "id of the created Upload");
    expiresAt = created.expiresAt() == null ? 0 : created.expiresAt();
    createdAt = created.createdAt() == null ? 0 : created.createdAt();
    if (stopping()) {
      return; // the finisher cancels it once this attempt has ended
    }
    if (fingerprint != null) {
      try {
        journal = UploadJournal.create(upload.journalPath(), uploadId, createdAt, expiresAt, fingerprint, upload);
      } catch (IOException e) {
        fail(Failure.of(Reason.SOURCE_ERROR, "the journal " + upload.journalPath() + " cannot be written: "
            + e.getMessage(), e));
        return;
      }
    }
    listener.onCreated(created);
    sendParts();
  }

  private void resume(UploadJournal from) {
    journal = from;
    uploadId = from.uploadId();
    expiresAt = from.expiresAt();
    createdAt = from.createdAt();
    from.parts().forEach((number, partId) -> {
      parts.alreadyStored(number, partId);
      progress.addStoredPart(upload.plan().parts().get(number - 1).length());
    });
    if (from.completionSent()) {
      finisher.lookUpFile(null, this::sendParts); // the last run sent the completion: it may have made the File
    } else {
      sendParts();
    }
  }

  private void sendParts() {
    if (!checkFirst && scans) {
      startScan();
    }
    parts.open();
    maybeComplete();
  }

  private SourceFingerprint fingerprint() {
    try {
      return SourceFingerprint.of(((FilePartSource) upload.source()).path());
    } catch (IOException e) {
      fail(Failure.of(Reason.SOURCE_ERROR, "the source cannot be read: " + e.getMessage(), e));
      return null;
    }
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

  private void startScan() {
    SourceScanner scanner;
    try {
      scanner = upload.source().scanner();
    } catch (IOException e) {
      fail(Failure.of(Reason.SOURCE_ERROR, e.getMessage(), e));
      return;
    }
    attemptStarting();
    engine.scan(new Scan(this, scanner, engine::scan));
  }

  /** The scan read every byte ({@code md5} null when off), or stopped early ({@code error} says why, or null). */
  void scanEnded(String md5, boolean complete, Throwable error) {
    try {
      if (error != null) {
        fail(error instanceof IOException
            ? Failure.of(Reason.SOURCE_ERROR, error.getMessage(), error)
            : Failure.of(Reason.API_ERROR, "unexpected error in the content checks or md5: " + error, error));
      } else if (complete) {
        synchronized (this) {
          this.md5 = md5;
          this.scanDone = true;
        }
        if (checkContent() && checkFirst) {
          create();
        }
        maybeComplete();
      }
    } catch (RuntimeException | Error e) {
      fail(Failure.of(Reason.API_ERROR, "unexpected error in the content checks: " + e, e));
    } finally {
      attemptEnded(null, true);
    }
  }

  /** Fails the upload with the content report when the checks found problems. */
  private boolean checkContent() {
    if (upload.inspector() == null) {
      return true;
    }
    ContentReport report = upload.inspector().finish();
    if (!report.clean()) {
      fail(Failure.of(Reason.CONTENT_INVALID, report.describe(), new ContentProblem(report)));
      return false;
    }
    return true;
  }

  /**
   * A part is stored: records it in the journal, if any, and tells the listener. Returns false
   * when the journal could not be written (the upload has then failed). The part queue counts the
   * part only after this, so that the completion follows every part's record and event.
   */
  boolean partStored(PartRange part, String partId, String crc32c) {
    if (journal != null) {
      try {
        journal.recordPart(part.number(), partId, crc32c);
      } catch (IOException e) {
        fail(new Failure(Reason.SOURCE_ERROR, part.number(), 0, "the journal " + journal.file()
            + " cannot be written: " + e.getMessage(), e));
        return false;
      }
    }
    progress.partCompleted();
    progress.flushBytes();
    listener.onPartCompleted(part, partId, progress.snapshot());
    return true;
  }

  /** Completes the Upload once it exists, every part is counted stored and the scan (if any) is done. */
  void maybeComplete() {
    if (stopping() || uploadId == null || !parts.allStored()) {
      return;
    }
    synchronized (this) {
      if (completing || scans && !scanDone) {
        return;
      }
      completing = true;
    }
    if (!scans && !checkContent()) {
      return;
    }
    try {
      upload.source().checkUnchanged();
    } catch (SourceException e) {
      fail(Failure.of(Reason.SOURCE_ERROR, e.getMessage(), e));
      return;
    }
    String digest = !upload.md5() ? null : upload.source().sequentialOnly() ? upload.source().digestOfReadBytes() : md5;
    finisher.complete(digest);
  }

  /** Whether the content checks found a problem, so no more parts go. */
  boolean holdingParts() {
    return upload.inspector() != null && upload.inspector().failed();
  }

  // ---- failure ----

  boolean stopping() {
    return failure.get() != null;
  }

  Failure failure() {
    return failure.get();
  }

  /** Records the first failure, cancels the parts in flight and drops the waiting ones. */
  void fail(Failure candidate) {
    if (!failure.compareAndSet(null, candidate)) {
      return;
    }
    activeCalls.forEach(Call::cancel);
    timers.forEach((request, timer) -> {
      if (timer.cancel(false)) {
        request.dropped();
      }
    });
    timers.clear();
    parts.clear();
    attemptStarting();
    attemptEnded(null, true); // finishes at once when nothing runs
  }

  // ---- accounting of work in progress ----

  void attemptStarting() {
    busy.incrementAndGet();
  }

  /**
   * Claims the upload's end, once: by the finisher when the Upload completed, or by the last
   * attempt to end after a failure, which then cancels the Upload. Returns whether this call won.
   */
  boolean claimFinish() {
    return finishing.compareAndSet(false, true);
  }

  /**
   * An attempt (or the scan) ended, and with it the request when {@code finished} (it will not be
   * tried again); when the upload stopped and nothing runs, it is finished.
   */
  void attemptEnded(RetryingRequest<?> request, boolean finished) {
    if (request != null && request.kind() == RetryingRequest.Kind.PART) {
      progress.flushBytes();
      if (!scans && holdingParts()) {
        checkContent(); // a stream is checked as its parts are read: no scan will report it
      }
      parts.attemptEnded(finished);
    }
    if (busy.decrementAndGet() == 0 && stopping() && claimFinish()) {
      finisher.abandon(failure.get());
    }
  }

  void submitControl(RetryingRequest<?> request) {
    attemptStarting();
    engine.scheduler().submitControl(request);
  }

  /** Queues a request for another attempt, unless the upload has stopped. */
  @SuppressWarnings("unchecked")
  void requeue(RetryingRequest<?> request) {
    timers.remove(request);
    if (stopping() && request.kind() != RetryingRequest.Kind.CANCEL) {
      request.dropped();
      return;
    }
    if (request.kind() == RetryingRequest.Kind.PART) {
      parts.retry((RetryingRequest<io.github.uploadkit.openai.client.model.UploadPart>) request);
    } else {
      submitControl(request);
    }
  }

  /** Queues {@code request} again after {@code delay}; a failure of the upload cancels the wait. */
  void later(RetryingRequest<?> request, Duration delay) {
    timers.put(request, engine.scheduler().later(delay, () -> requeue(request)));
  }

  // ---- one attempt ----

  void beforeAttempt(RetryingRequest<?> request, int attempt) throws SourceException {
    if (request.kind() == RetryingRequest.Kind.PART) {
      upload.source().checkUnchanged();
      listener.onPartStarted(request.part(), attempt);
    }
  }

  <T> T execute(Call<T> call, RetryingRequest.Kind kind, long bodyBytes) throws IOException {
    call.timeout().timeout(upload.retryPolicy().deadline(bodyBytes).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    boolean track = kind == RetryingRequest.Kind.PART;
    if (track) {
      activeCalls.add(call);
      if (stopping()) {
        call.cancel();
      }
    }
    try {
      return client().execute(call);
    } finally {
      if (track) {
        activeCalls.remove(call);
      }
    }
  }

  /** Whether an error means the Upload expired: refused (4xx) after its expiry time. */
  boolean isExpired(Throwable error) {
    if (!(error instanceof OpenAiApiException api) || api.statusCode() < 400 || api.statusCode() >= 500
        || RetryRules.isRetryable(error) || expiresAt == 0) {
      return false;
    }
    return engine.clock().instant().getEpochSecond() >= expiresAt
        || api.errorCode() != null && api.errorCode().contains("expired");
  }

  /** Refuses a response whose required field is missing. */
  <T> T requireField(T value, String name) throws MalformedResponseException {
    if (value == null) {
      throw new MalformedResponseException("the response has no " + name + ", which the API always sends", null);
    }
    return value;
  }

  // ---- accessors for the parts of the engine ----

  Scheduler scheduler() {
    return engine.scheduler();
  }

  OpenAiClient client() {
    return engine.client();
  }

  ProgressTracker progress() {
    return progress;
  }

  SafeListener listener() {
    return listener;
  }

  RetryRules retryRules() {
    return retryRules;
  }

  PartSource source() {
    return upload.source();
  }

  String filename() {
    return upload.filename();
  }

  String uploadIdOrNull() {
    return uploadId;
  }

  UploadJournal journal() {
    return journal;
  }

  Engine engine() {
    return engine;
  }

  long createdAt() {
    return createdAt;
  }

  long expiresAt() {
    return expiresAt;
  }

  ValidatedUpload upload() {
    return upload;
  }
}
