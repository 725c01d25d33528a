package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.FileExpirationAfter;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.client.model.UploadPart;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.ResumableUpload;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.Map;
import okhttp3.RequestBody;
import retrofit2.Call;

/**
 * The steps of one upload on the shared engine, as a state machine driven by the engine's
 * threads: check first (a single part with content checks; for more parts, the checks over the
 * first bytes, {@link HeadCheck}), create the Upload (or take it from a journal), send the parts while one scan computes the md5 and runs the checks, then hand over
 * to the {@link Finisher}. Its requests run through {@link Attempts}, which also stops everything
 * at the first failure: parts in flight are cancelled, waiting ones dropped, and once nothing of
 * the upload runs the finisher cancels the Upload on the server. A pause stops it the same way,
 * but the finisher leaves the Upload pending and records what resumes it (a pause before the
 * Upload exists waits for its creation). Nothing here blocks a thread except the HTTP calls
 * themselves.
 */
final class Transfer implements PartQueue.Host, Finisher.Host, Attempts.Owner, Scan.Ended {
  private final Engine engine;
  private final ValidatedUpload upload;
  private final PartQueue parts;
  private final SafeListener listener;
  private final Attempts attempts;
  private final ProgressTracker progress;
  private final Finisher finisher;
  private final TransferHandle handle;
  private final boolean checkFirst;
  private final boolean scans;
  private boolean scanDone;
  private boolean completing;
  private String md5;
  private volatile String uploadId;
  /** Whether an attempt to create the Upload was made: without an id, the server may still hold one. */
  private volatile boolean createSent;
  private volatile long expiresAt;
  private volatile long createdAt;
  private volatile UploadJournal journal;
  private volatile JournalLock lock;
  private volatile Future<?> deadline;
  /** A pause asked for before the Upload existed: it takes effect once the Upload is created. */
  private boolean pauseWanted;

  Transfer(Engine engine, ValidatedUpload upload) {
    this.engine = engine;
    this.upload = upload;
    this.listener = new SafeListener(upload.listener());
    this.progress = new ProgressTracker(upload.size(), upload.plan().partCount(), listener, engine.clock(),
        engine.events());
    this.attempts = new Attempts(engine, upload, progress, listener, this);
    this.parts = new PartQueue(this, upload);
    this.finisher = new Finisher(this, upload);
    this.handle = new TransferHandle(this, engine);
    boolean sequential = upload.source().sequentialOnly();
    this.checkFirst = upload.inspector() != null && upload.plan().partCount() == 1 && !sequential
        && upload.resumeFrom() == null;
    this.scans = !sequential && (upload.md5() || upload.inspector() != null);
  }

  @Override
  public TransferHandle handle() {
    return handle;
  }

  /** Takes the journal's lock before anything is sent; throws if another upload holds it. */
  void lockJournal() {
    if (upload.journalPath() != null) {
      lock = JournalLock.take(upload.journalPath());
    }
  }

  /** The upload is over: releases the journal's lock and stops the deadline's timer. */
  void ended() {
    JournalLock held = lock;
    if (held != null) {
      held.close();
    }
    Future<?> timer = deadline;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Takes the first step; everything after runs on the engine's threads. */
  void start() {
    try {
      Duration limit = upload.deadline();
      if (limit != null) {
        deadline = engine.scheduler().later(limit.toNanos(), () -> fail(Failure.of(Reason.DEADLINE_PASSED,
            "its deadline of " + limit + " (UploadRequest.deadline) passed", null)));
      }
      if (checkFirst) {
        startScan();
      } else if (upload.resumeFrom() != null) {
        resume(upload.resumeFrom());
      } else if (headPasses()) {
        create();
      }
    } catch (RuntimeException | Error e) {
      fail(Failure.unexpected(null, 0, e));
    }
  }

  private void create() {
    SourceFingerprint fingerprint = upload.journalPath() == null ? null : fingerprint();
    if (stopping()) {
      return;
    }
    submit(new RetryingRequest<>(attempts, RetryingRequest.Kind.CREATE, null, 0,
        () -> {
          createSent = true;
          return client().uploads().createUpload(createRequest());
        }, new RetryingRequest.Outcome<>() {
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
    String id = Required.field(created.id(), "id of the created Upload");
    if (!UploadIds.plain(id)) { // not quoted: a server may put anything in it
      throw new MalformedResponseException("the created Upload's id is not an id the API gives (" + UploadIds.ALLOWED
          + "), so no request can name it", null);
    }
    expiresAt = created.expiresAt() == null ? 0 : created.expiresAt();
    createdAt = created.createdAt() == null ? 0 : created.createdAt();
    boolean pauseNow;
    synchronized (this) {
      uploadId = id;
      pauseNow = pauseWanted;
    }
    if (pauseNow) {
      fail(Failure.of(Reason.PAUSED, "pause() was called", null));
    }
    if (stopping()) {
      return; // the finisher cancels it once this attempt has ended
    }
    if (fingerprint != null) {
      try {
        journal = UploadJournal.create(upload.journalPath(), uploadId, createdAt, expiresAt, fingerprint, upload);
      } catch (IOException e) {
        fail(journalFailure(null, e));
        return;
      }
    }
    listener.onCreated(created);
    sendParts();
  }

  private Failure journalFailure(Integer part, IOException e) {
    return new Failure(Reason.SOURCE_ERROR, part, 0, "the journal " + upload.journalPath() + " cannot be written: "
        + e.getMessage(), e);
  }

  /** Continues the Upload {@code from} records; it is kept as the journal unless it is only in memory (a paused upload). */
  private void resume(UploadJournal from) {
    journal = from.file() == null ? null : from;
    uploadId = from.uploadId();
    expiresAt = from.expiresAt();
    createdAt = from.createdAt();
    Map<Integer, String> checksums = from.checksums();
    from.parts().forEach((number, partId) -> {
      parts.alreadyStored(number, partId, checksums.get(number));
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
    attempts.begin();
    new Scan(scanner, engine::scan, engine.clock(), this::stopping, this).queue();
  }

  @Override
  public void scanEnded(String md5, boolean complete, Throwable error) {
    try {
      if (error != null) {
        fail(error instanceof IOException ? Failure.of(Reason.SOURCE_ERROR, error.getMessage(), error)
            : Failure.of(Reason.LOCAL_ERROR, "unexpected error in the content checks or md5: " + error, error));
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
      fail(Failure.of(Reason.LOCAL_ERROR, "unexpected error in the content checks: " + e, e));
    } finally {
      attempts.end();
    }
  }

  /**
   * Runs the checks over the source's first bytes before the Upload exists (the rest are checked
   * while sending): what they find there fails the upload with nothing sent.
   */
  private boolean headPasses() {
    if (upload.inspector() == null || upload.source().sequentialOnly()) {
      return true;
    }
    try {
      return passes(HeadCheck.run(upload));
    } catch (IOException e) {
      fail(Failure.of(Reason.SOURCE_ERROR, "the source cannot be read: " + e.getMessage(), e));
      return false;
    }
  }

  /** Fails the upload with the content report when the checks found problems. */
  private boolean checkContent() {
    return upload.inspector() == null || passes(upload.inspector().finish());
  }

  private boolean passes(ContentReport report) {
    if (!report.clean()) {
      fail(Failure.of(Reason.CONTENT_INVALID, report.describe(), new ContentProblem(report)));
      return false;
    }
    return true;
  }

  @Override
  public boolean partStored(PartRange part, String partId, String crc32c) {
    if (journal != null) {
      try {
        journal.recordPart(part.number(), partId, crc32c);
      } catch (IOException e) {
        fail(journalFailure(part.number(), e));
        return false;
      }
    }
    progress.partCompleted();
    progress.flushBytes();
    listener.onPartCompleted(part, partId, progress.snapshot());
    return true;
  }

  /** Completes the Upload once it exists, every part is counted stored and the scan (if any) is done. */
  @Override
  public void maybeComplete() {
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

  @Override
  public boolean holdingParts() {
    return upload.inspector() != null && upload.inspector().failed();
  }

  /** How log lines name this upload: its Upload id once created, and its filename. */
  @Override
  public String describe() {
    String id = uploadId;
    return (id == null ? "upload" : "Upload " + id) + " of '" + upload.filename() + "'";
  }

  // ---- pause ----

  /** Whether the upload can be paused (and its parts' checksums are kept): only a file can be read by another process. */
  boolean pausable() {
    return upload.source() instanceof FilePartSource;
  }

  /** Pauses the upload: at once when its Upload exists, else once it is created. */
  void pause() {
    synchronized (this) {
      if (uploadId == null) {
        pauseWanted = true;
        return;
      }
    }
    fail(Failure.of(Reason.PAUSED, "pause() was called", null));
  }

  @Override
  public ResumableUpload resumable(boolean completionSent) throws IOException {
    upload.source().checkUnchanged();
    SourceFingerprint fingerprint = SourceFingerprint.of(((FilePartSource) upload.source()).path());
    PartQueue.StoredParts stored = parts.storedParts();
    UploadJournal.State state = new UploadJournal.State(UploadJournal.VERSION, uploadId, createdAt, expiresAt,
        completionSent, fingerprint, upload.filename(), upload.purpose().value(), upload.mimeType(),
        upload.plan().partSize(), upload.plan().partCount(), stored.ids(), stored.checksums());
    return ResumableUpload.fromJson(UploadJournal.format(state));
  }

  // ---- failure, and how the attempts reach the upload ----

  @Override
  public boolean stopping() {
    return attempts.stopping();
  }

  @Override
  public void fail(Failure failure) {
    attempts.fail(failure);
  }

  @Override
  public boolean claimFinish() {
    return attempts.claimFinish();
  }

  @Override
  public void abandon(Failure failure) {
    finisher.abandon(failure);
  }

  @Override
  public void partAttemptEnded() {
    progress.flushBytes();
    if (!scans && holdingParts()) {
      checkContent(); // a stream is checked as its parts are read: no scan will report it
    }
  }

  @Override
  public void submit(RetryingRequest<?> request) {
    attempts.submit(request);
  }

  @Override
  public void offerParts() {
    engine.scheduler().offerParts(parts);
  }

  @Override
  public RetryingRequest.Host requests() {
    return attempts;
  }

  @Override
  public PartQueue parts() {
    return parts;
  }

  @Override
  public CountingRequestBody body(PartRange part) throws IOException {
    return new CountingRequestBody(upload.source().body(part, this::stopping), progress::addBytes, pausable());
  }

  @Override
  public Call<UploadPart> addPart(RequestBody body) {
    return client().uploads().addUploadPart(uploadId, PartBodies.part(upload.filename(), body));
  }

  // ---- what the parts of the engine read ----

  @Override
  public OpenAiClient client() {
    return engine.client();
  }

  @Override
  public ProgressTracker progress() {
    return progress;
  }

  @Override
  public SafeListener listener() {
    return listener;
  }

  @Override
  public boolean createSent() {
    return createSent;
  }

  @Override
  public long bytesSent() {
    return upload.size(); // every part of the plan is stored before the completion, and the source checked unchanged
  }

  @Override
  public String uploadId() {
    return uploadId;
  }

  @Override
  public UploadJournal journal() {
    return journal;
  }

  @Override
  public List<String> partIds() {
    return parts.partIds();
  }

  @Override
  public long createdAt() {
    return createdAt;
  }

  @Override
  public long expiresAt() {
    return expiresAt;
  }
}
