package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import retrofit2.Call;

/**
 * The requests of one upload as they run: sends each attempt, acts on the {@link Verdict} it
 * ends in (the outcome, events, a retry's timer) and reports it to the {@link Scheduler} once;
 * keeps the one count of work under way (attempts and the scan); and at the first failure
 * cancels the calls in flight, drops what waits, and, once nothing runs, has the upload abandoned.
 */
final class Attempts implements RetryingRequest.Host {
  /** What the attempts need of their upload. */
  interface Owner {
    PartQueue parts();

    /** An attempt of a part ended: bytes and a stream's content checks are brought up to date. */
    void partAttemptEnded();

    /** The upload stopped and nothing of it runs: ends it (cancelling the Upload on the server). */
    void abandon(Failure failure);

    /** When the Upload expires (epoch seconds), or 0 before it exists. */
    long expiresAt();

    /** How log lines name the upload. */
    String describe();
  }

  private final Engine engine;
  private final ValidatedUpload upload;
  private final ProgressTracker progress;
  private final SafeListener listener;
  private final RetryRules retryRules;
  private final Owner owner;
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final Set<Call<?>> activeCalls = ConcurrentHashMap.newKeySet();
  private final Map<RetryingRequest<?>, Future<?>> timers = new ConcurrentHashMap<>();
  /** Attempts and scans under way: up only in {@link #begin}, down only in {@link #end}. */
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicBoolean finishing = new AtomicBoolean();

  Attempts(Engine engine, ValidatedUpload upload, ProgressTracker progress, SafeListener listener, Owner owner) {
    this.engine = engine;
    this.upload = upload;
    this.progress = progress;
    this.listener = listener;
    this.retryRules = new RetryRules(upload.retryPolicy(), () -> ThreadLocalRandom.current().nextDouble());
    this.owner = owner;
  }

  @Override
  public boolean stopping() {
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
        engine.scheduler().dropped(request);
      }
    });
    timers.clear();
    owner.parts().clear().forEach(engine.scheduler()::dropped);
    finishIfIdle(); // at once when nothing runs
  }

  /** Work starts: an attempt, or the scan. */
  void begin() {
    busy.incrementAndGet();
  }

  /** Work ended; after a failure the last to end has the upload abandoned. */
  void end() {
    busy.decrementAndGet();
    finishIfIdle();
  }

  private void finishIfIdle() {
    if (busy.get() == 0 && stopping() && claimFinish()) {
      owner.abandon(failure.get());
    }
  }

  /**
   * Claims the upload's end, once: by the finisher when the Upload completed, or by the last
   * attempt to end after a failure, which then cancels the Upload. Returns whether this call won.
   */
  boolean claimFinish() {
    return finishing.compareAndSet(false, true);
  }

  @Override
  public void attemptStarted() {
    begin();
  }

  @Override
  public void attemptEnded(RetryingRequest<?> request, Verdict verdict) {
    boolean again = false;
    try {
      again = settle(request, verdict);
    } catch (Throwable unexpected) {
      fail(Failure.unexpected(request.partNumber(), request.attempts(), unexpected));
    }
    boolean part = request.kind() == RetryingRequest.Kind.PART;
    if (part) {
      owner.partAttemptEnded();
      if (!again) {
        owner.parts().ended();
      }
    }
    engine.scheduler().attemptEnded(request, verdict, !again, part ? owner.parts() : null);
    if (again && verdict.kind() == Verdict.Kind.THROTTLED) {
      engine.events().throttled(who(request), verdict.delay(), engine.scheduler().rateLimitState());
    } else if (again && request.kind() != RetryingRequest.Kind.CANCEL) {
      engine.events().retrying(who(request), request.attempts(), verdict.delay(), verdict.error());
    }
    end();
  }

  private String who(RetryingRequest<?> request) {
    return owner.describe() + (request.part() == null ? " (" + request.kind().name().toLowerCase(Locale.ROOT)
        + ")" : " part " + request.part().number());
  }

  /** Acts on a verdict; returns whether the request goes again. */
  private boolean settle(RetryingRequest<?> request, Verdict verdict) throws IOException {
    switch (verdict.kind()) {
      case STORED -> request.deliver();
      case GAVE_UP -> request.giveUp(verdict.failure());
      case THROTTLED -> {
        progress.throttled();
        listener.onThrottled(request.part(), verdict.delay());
        return later(request, verdict.delay().toNanos());
      }
      case RETRY_AFTER -> {
        if (request.kind() != RetryingRequest.Kind.CANCEL) {
          progress.retried();
          listener.onRetryScheduled(request.part(), request.attempts(), verdict.delay(), verdict.error());
        }
        return later(request, verdict.delay().toNanos());
      }
      case DROPPED -> {
        // nothing was sent, or the upload already failed
      }
    }
    return false;
  }

  /** Queues {@code request} again after the delay, unless the upload stopped; a failure cancels the wait. */
  private boolean later(RetryingRequest<?> request, long delayNanos) {
    if (stopping() && request.kind() != RetryingRequest.Kind.CANCEL) {
      return false;
    }
    timers.put(request, engine.scheduler().later(delayNanos, () -> requeue(request)));
    return true;
  }

  private void requeue(RetryingRequest<?> request) {
    timers.remove(request);
    if (stopping() && request.kind() != RetryingRequest.Kind.CANCEL) {
      engine.scheduler().dropped(request);
    } else if (request.kind() == RetryingRequest.Kind.PART) {
      owner.parts().retry(request);
    } else {
      submit(request);
    }
  }

  /** Queues a create, complete or cancel request. */
  void submit(RetryingRequest<?> request) {
    engine.scheduler().submitControl(request);
  }

  @Override
  public <T> T send(RetryingRequest<T> request, Call<T> call) throws IOException {
    boolean part = request.kind() == RetryingRequest.Kind.PART;
    long bodyBytes = part ? request.part().length() : 0;
    if (part) {
      upload.source().checkUnchanged();
      listener.onPartStarted(request.part(), request.attempts());
    }
    call.timeout().timeout(upload.retryPolicy().deadline(bodyBytes).toMillis(), TimeUnit.MILLISECONDS);
    if (part) {
      activeCalls.add(call);
      if (stopping()) {
        call.cancel();
      }
    }
    try {
      return engine.client().execute(call, request::heard);
    } finally {
      if (part) {
        activeCalls.remove(call);
      }
    }
  }

  /** Whether an error means the Upload expired: refused (4xx) after its expiry time. */
  @Override
  public boolean isExpired(Throwable error) {
    long expiresAt = owner.expiresAt();
    if (!(error instanceof OpenAiApiException api) || api.statusCode() < 400 || api.statusCode() >= 500
        || RetryRules.isRetryable(error) || expiresAt == 0) {
      return false;
    }
    return engine.clock().epochSecond() >= expiresAt || api.errorCode() != null && api.errorCode().contains("expired");
  }

  @Override
  public void waitedForRateLimit(long nanos) {
    progress.waitedForRateLimit(nanos);
  }

  @Override
  public long bytesLeft() {
    return owner.parts().bytesLeft();
  }

  @Override
  public RetryRules retryRules() {
    return retryRules;
  }

  @Override
  public EngineClock clock() {
    return engine.clock();
  }
}
